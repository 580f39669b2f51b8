package io.hopsniff.report.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A request or a response head with its timings and sizes. Request-only fields (method, target) and
 * response-only fields (status, reason) are left out where they do not apply.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageJson(String method, String target, Integer status, String reason, String version,
                          List<List<String>> headers, List<List<String>> trailers,
                          TimeJson firstByte, TimeJson headEnd, TimeJson lastByte,
                          long headBytes, long bodyBytes, String framing, boolean complete, BodyPrefixJson bodyPrefix) {

    /** The first bytes of a body, kept only with --body-bytes: UTF-8 text when it decodes, else base64. */
    public record BodyPrefixJson(String encoding, String data, int bytes) {
    }
}
