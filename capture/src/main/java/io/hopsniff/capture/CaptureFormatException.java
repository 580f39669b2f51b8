package io.hopsniff.capture;

/** The input is not a capture file hopsniff can read at all (bad magic, unsupported version, corrupt header). */
public final class CaptureFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaptureFormatException(String message) {
        super(message);
    }
}
