package io.hopsniff.decoder.ip;

import java.nio.ByteBuffer;

/** Decodes one IP version's header. Stateless, never throws on bad input. */
public interface IpDecoder {

    /** Decodes the header at {@code start} (absolute) with captured bytes up to {@code end} into {@code out}. */
    IpPacket.Outcome decode(ByteBuffer data, int start, int end, IpPacket out);
}
