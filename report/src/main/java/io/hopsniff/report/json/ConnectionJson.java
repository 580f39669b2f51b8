package io.hopsniff.report.json;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One TCP connection. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionJson(long id, String client, String server, TimeJson first, TimeJson last,
                             double durationMs, String end, boolean synSeen, boolean rolesFromSyn, String history,
                             String protocol, String upgradedTo, int exchanges, DirectionJson c2s, DirectionJson s2c) {
}
