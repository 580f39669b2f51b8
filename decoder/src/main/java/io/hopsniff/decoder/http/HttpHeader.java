package io.hopsniff.decoder.http;

/** One header field line as sent: the name's case kept, the value without surrounding whitespace. */
public record HttpHeader(String name, String value) {
}
