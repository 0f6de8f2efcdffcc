package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * ApiVersions (key 18) v0 response, after the {@link ResponseHeader}:
 *
 * <pre>
 *  apis             [apiKey int16, minVersion int16, maxVersion int16]
 *  maxRequestBytes  int32   the largest request frame the broker accepts
 * </pre>
 */
public record ApiVersionsResponse(List<ApiVersion> apis, int maxRequestBytes) implements Message {
    public record ApiVersion(short apiKey, short minVersion, short maxVersion) {
    }

    /** The versions this build speaks. */
    public static ApiVersionsResponse current(int maxRequestBytes) {
        List<ApiVersion> apis = new ArrayList<>();
        for (ApiKey key : ApiKey.values()) {
            apis.add(new ApiVersion(key.id(), key.oldestVersion(), key.latestVersion()));
        }
        return new ApiVersionsResponse(apis, maxRequestBytes);
    }

    public static ApiVersionsResponse read(ByteBuffer buffer, short version) {
        return new ApiVersionsResponse(Wire.readArray(buffer,
                a -> new ApiVersion(a.getShort(), a.getShort(), a.getShort())), buffer.getInt());
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(apis, a -> 6) + 4;
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, apis, (o, a) -> {
            o.writeShort(a.apiKey());
            o.writeShort(a.minVersion());
            o.writeShort(a.maxVersion());
        });
        out.writeInt(maxRequestBytes);
    }
}
