package io.hopsniff.decoder.ws;

/** Optional hook for every decoded frame (tests, verbose output). Called on the decoder's thread. */
@FunctionalInterface
public interface FrameListener {
    void frame(WsFrame frame);
}
