package io.hopsniff.decoder.http1;

/**
 * Limits of the HTTP/1.x decoder of one connection. Each is a running budget; hitting one is a finding
 * ({@code HTTP_HEADER_TOO_LARGE}, {@code HTTP_HELD_BYTES_LIMIT}, ...) and never an OutOfMemoryError.
 *
 * @param maxHeaderBytes     bytes of one start line plus header section (and of one trailer section); beyond it
 *                           the direction stops being parsed. Default 64 KiB.
 * @param bodyPrefixBytes    de-chunked body bytes kept per message in {@code bodyPrefix}. Default 0 (none).
 * @param maxPendingRequests requests waiting for their response; beyond it the oldest one is given up as
 *                           unanswered. Default 1000.
 * @param maxHeldBytes       client bytes kept while an Upgrade/CONNECT request waits for its answer. Default 64 KiB.
 */
public record Http1Config(int maxHeaderBytes, int bodyPrefixBytes, int maxPendingRequests, int maxHeldBytes) {

    public static final Http1Config DEFAULTS = new Http1Config(64 * 1024, 0, 1000, 64 * 1024);

    public Http1Config {
        if (maxHeaderBytes < 16) {
            throw new IllegalArgumentException("maxHeaderBytes must be >= 16: " + maxHeaderBytes);
        }
        if (bodyPrefixBytes < 0) {
            throw new IllegalArgumentException("bodyPrefixBytes must be >= 0: " + bodyPrefixBytes);
        }
        if (maxPendingRequests < 1) {
            throw new IllegalArgumentException("maxPendingRequests must be >= 1: " + maxPendingRequests);
        }
        if (maxHeldBytes < 0) {
            throw new IllegalArgumentException("maxHeldBytes must be >= 0: " + maxHeldBytes);
        }
    }

    public Http1Config withMaxHeaderBytes(int v) {
        return new Http1Config(v, bodyPrefixBytes, maxPendingRequests, maxHeldBytes);
    }

    public Http1Config withBodyPrefixBytes(int v) {
        return new Http1Config(maxHeaderBytes, v, maxPendingRequests, maxHeldBytes);
    }

    public Http1Config withMaxPendingRequests(int v) {
        return new Http1Config(maxHeaderBytes, bodyPrefixBytes, v, maxHeldBytes);
    }

    public Http1Config withMaxHeldBytes(int v) {
        return new Http1Config(maxHeaderBytes, bodyPrefixBytes, maxPendingRequests, v);
    }
}
