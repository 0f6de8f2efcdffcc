package dev.brook.protocol.wire;

import java.nio.ByteBuffer;

/**
 * ApiVersions (key 18) v0: asks which requests and versions the broker speaks. The body is empty.
 * Every broker answers version 0 of this request, whatever else it supports.
 */
public record ApiVersionsRequest() implements Message {
    public static ApiVersionsRequest read(ByteBuffer buffer, short version) {
        return new ApiVersionsRequest();
    }

    @Override
    public int sizeInBytes() {
        return 0;
    }

    @Override
    public void writeTo(MessageOutput out) {
    }
}
