package io.hopsniff.decoder.session;

import io.hopsniff.decoder.http.HttpExchange;

/**
 * A protocol switch as HTTP/1 decided it.
 *
 * @param exchange the 101 (or the CONNECT answered 2xx) that switched
 * @param held     true when the router held {@code exchange} back and hands it over: the upgraded layer then
 *                 reports it, with what followed it, when the connection ends
 */
record Switch(HttpExchange exchange, boolean held) {
}
