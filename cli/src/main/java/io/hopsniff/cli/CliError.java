package io.hopsniff.cli;

/**
 * A failure the user can act on (a bad option, an unreadable input, an output that cannot be written): thrown where
 * it is found, turned into one line on stderr ({@code hopsniff: MESSAGE}) and its documented exit code in one place,
 * {@link Main}'s execution exception handler. No stack trace: it is not a bug.
 */
final class CliError extends RuntimeException {

    private final int exitCode;

    CliError(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
