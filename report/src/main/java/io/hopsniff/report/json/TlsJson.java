package io.hopsniff.report.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hopsniff.decoder.tls.TlsSummary;
import java.util.List;

/**
 * {@code connections[].tls}: what the cleartext TLS handshake shows (nothing is decrypted).
 *
 * @param sni             server_name the client asked for, or null
 * @param alpnOffered     ALPN protocols offered by the client
 * @param versionsOffered supported_versions offered (empty: a client that only knows TLS ≤ 1.2)
 * @param legacyVersion   the ClientHello's legacy_version
 * @param cipherSuitesOffered how many cipher suites the client offered
 * @param versionChosen   the version in the ServerHello (supported_versions, else legacy), or null when none seen
 * @param alpnChosen      the ALPN protocol in the ServerHello (TLS ≤ 1.2 only), or null
 * @param note            what could not be seen, e.g. the chosen ALPN under TLS 1.3
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TlsJson(String sni, List<String> alpnOffered, List<String> versionsOffered, String legacyVersion,
                      Integer cipherSuitesOffered, String versionChosen, String alpnChosen, Boolean helloRetryRequest,
                      String note) {

    public static TlsJson of(TlsSummary t) {
        if (t == null) {
            return null;
        }
        var c = t.client();
        return new TlsJson(c == null ? null : c.sni(), c == null ? List.of() : c.alpnOffered(),
                c == null ? List.of() : c.versionsOffered(), c == null ? null : c.legacyVersion(),
                c == null ? null : c.cipherSuites(), t.versionChosen(), t.alpnChosen(),
                t.server() != null && t.server().helloRetryRequest() ? Boolean.TRUE : null,
                c == null ? "ClientHello not readable from the first bytes" : t.note());
    }
}
