package io.hopsniff.decoder.tls;

import java.util.List;

/**
 * What a TLS ClientHello offers, read from the clear (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2).
 *
 * @param legacyVersion   the {@code legacy_version} field ("TLSv1.2" for every TLS 1.3 client)
 * @param sni             the host_name of the server_name extension (RFC 6066 §3), or null
 * @param alpnOffered     the ALPN protocol names offered (RFC 7301 §3.1), in order; empty when none
 * @param versionsOffered the supported_versions extension (RFC 8446 §4.2.1), GREASE values left out; empty when
 *                        absent (a TLS 1.2-only client)
 * @param cipherSuites    how many cipher suites were offered
 */
public record ClientHello(String legacyVersion, String sni, List<String> alpnOffered, List<String> versionsOffered,
                          int cipherSuites) {

    public ClientHello {
        alpnOffered = List.copyOf(alpnOffered);
        versionsOffered = List.copyOf(versionsOffered);
    }
}
