package io.hopsniff.decoder.tls;

/**
 * The cleartext start of one TLS connection: what the client offered and what the server chose.
 *
 * @param client the ClientHello, or null when it could not be read from the first bytes
 * @param server the ServerHello, or null when none was seen (or not readable)
 */
public record TlsSummary(ClientHello client, ServerHello server) {

    /** The version the server chose, or null when its hello was not seen. */
    public String versionChosen() {
        return server == null ? null : server.version();
    }

    /** The ALPN protocol the server chose, when visible (never in TLS 1.3). */
    public String alpnChosen() {
        return server == null ? null : server.alpn();
    }

    /** A sentence on what could not be seen, or null. */
    public String note() {
        if (server != null && server.alpnHidden() && client != null && !client.alpnOffered().isEmpty()) {
            return "TLS 1.3: the chosen ALPN protocol is in EncryptedExtensions, not visible on the wire";
        }
        if (server == null) {
            return "no ServerHello seen";
        }
        return null;
    }
}
