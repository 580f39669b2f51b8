package io.hopsniff.report.json;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One TCP connection; {@code communityId} is its Community ID v1 (seed 0), to find it in Zeek, Suricata, Arkime. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionJson(long id, String client, String server, String communityId, TimeJson first, TimeJson last,
                             double durationMs, String end, boolean synSeen, boolean rolesFromSyn, String history,
                             String protocol, String upgradedTo, int exchanges, DirectionJson c2s, DirectionJson s2c) {
}
