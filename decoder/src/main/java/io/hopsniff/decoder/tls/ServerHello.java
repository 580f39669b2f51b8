package io.hopsniff.decoder.tls;

/**
 * What a TLS ServerHello chose, read from the clear (RFC 8446 §4.1.3).
 *
 * @param legacyVersion     the {@code legacy_version} field
 * @param version           the chosen version: supported_versions' selected_version when present, else legacy_version
 * @param alpn              the chosen ALPN protocol when the ServerHello carries it (TLS ≤ 1.2); null otherwise.
 *                          In TLS 1.3 the choice travels in EncryptedExtensions and is not visible on the wire
 * @param cipherSuite       the chosen cipher suite, as {@code 0x1302}
 * @param helloRetryRequest the ServerHello is a HelloRetryRequest (RFC 8446 §4.1.3's special random)
 */
public record ServerHello(String legacyVersion, String version, String alpn, String cipherSuite,
                          boolean helloRetryRequest) {

    /** True when the chosen ALPN protocol cannot be seen: TLS 1.3 sends it encrypted. */
    public boolean alpnHidden() {
        return "TLSv1.3".equals(version);
    }
}
