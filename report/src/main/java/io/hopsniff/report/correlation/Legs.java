package io.hopsniff.report.correlation;

import io.hopsniff.decoder.tcp.Endpoint;
import io.hopsniff.decoder.tcp.ServerSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells the legs apart by the connection's server endpoint: one that a {@code --front} spec names is the proxy's
 * front leg, anything else the backend leg. Without {@code --front} there are no legs ({@link #of} gives null).
 */
public final class Legs {

    private static final Legs NONE = new Legs(List.of());
    /** Endpoints classified so far; bounded, a miss only costs a parse. */
    private static final int CACHE = 4096;

    private final List<ServerSpec> fronts;
    private final Map<Endpoint, Leg> cache = new HashMap<>();

    public Legs(List<ServerSpec> fronts) {
        this.fronts = List.copyOf(fronts);
    }

    public static Legs none() {
        return NONE;
    }

    /** From {@code --front} values; IllegalArgumentException with a one-line message for a bad one. */
    public static Legs parse(List<String> fronts) {
        return new Legs(fronts.stream().map(ServerSpec::parse).toList());
    }

    public boolean enabled() {
        return !fronts.isEmpty();
    }

    public List<ServerSpec> fronts() {
        return fronts;
    }

    /** The leg of a connection whose server side is {@code server}, or null when there are no legs. */
    public Leg of(Endpoint server) {
        if (fronts.isEmpty() || server == null) {
            return null;
        }
        Leg known = cache.get(server);
        if (known != null) {
            return known;
        }
        Leg leg = Leg.BACKEND;
        byte[] address = literal(server.address());
        for (ServerSpec s : fronts) {
            if (address != null ? s.matches(address, server.port()) : s.address() == null && s.port() == server.port()) {
                leg = Leg.FRONT;
                break;
            }
        }
        if (cache.size() < CACHE) {
            cache.put(server, leg);
        }
        return leg;
    }

    private static byte[] literal(String address) {
        if (address == null || address.isEmpty()
                || !(Character.digit(address.charAt(0), 16) >= 0 || address.charAt(0) == ':')) {
            return null; // not an IP literal: never resolve names here
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
