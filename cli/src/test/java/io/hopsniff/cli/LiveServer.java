package io.hopsniff.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For a live-capture test class ({@code @RegisterExtension static final LiveServer SERVER}): uvicorn serving the
 * dashboard replica on 127.0.0.1 for the whole class, stopped after it; the class is skipped without root.
 */
final class LiveServer implements BeforeAllCallback, AfterAllCallback {

    private Process server;
    private int port;

    int port() {
        return port;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(LoopbackServices.isRoot(), "live capture needs root (CI runs as root)");
        port = LoopbackServices.freePort();
        server = LoopbackServices.uvicorn(port);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.destroy();
        }
    }
}
