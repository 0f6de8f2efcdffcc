package dev.brook.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.protocol.errors.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code docs/protocol.md} is the specification clients are written from; these tests keep it from
 * falling behind the code: every API and error code has its row, and the worked example's bytes
 * are what the encoders write.
 */
class ProtocolDocumentTest {
    private static final Pattern ERROR_ROW = Pattern.compile("^\\|\\s*(-?\\d+)\\s*\\|\\s*`?([A-Z_]+)`?\\s*\\|",
            Pattern.MULTILINE);
    private static final Pattern API_ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*([A-Za-z]+)\\s*\\|",
            Pattern.MULTILINE);
    private static final Pattern CODE_BLOCK = Pattern.compile("^```\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern HEX_BYTE = Pattern.compile("[0-9a-f]{2}");

    private static String doc;

    @BeforeAll
    static void readDocument() throws IOException {
        doc = Files.readString(Path.of("../docs/protocol.md"));
    }

    @ParameterizedTest
    @EnumSource(ApiKey.class)
    void everyApiHasARowInTheTableOfRequests(ApiKey key) {
        Pattern row = Pattern.compile("^\\|\\s*" + key.id() + "\\s*\\|\\s*" + key.displayName() + "\\s*\\|",
                Pattern.MULTILINE);

        assertThat(row.matcher(doc).find()).as("a table row '| %d | %s |'", key.id(), key.displayName()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ApiKey.class)
    void everyApiHasASectionNamedWithItsKey(ApiKey key) {
        assertThat(doc).contains("\n### " + key.displayName() + " (key " + key.id() + ")\n");
    }

    @Test
    void everyApiRowNamesAnApiOfThisBuild() {
        Matcher rows = API_ROW.matcher(section("## The requests", "### "));
        int count = 0;
        while (rows.find()) {
            ApiKey key = ApiKey.forId(Short.parseShort(rows.group(1)));
            assertThat(key).as("API row %s", rows.group()).isNotNull();
            assertThat(key.displayName()).isEqualTo(rows.group(2));
            count++;
        }
        assertThat(count).isEqualTo(ApiKey.values().length);
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyErrorCodeHasARowWithItsNumberNameAndRetriability(ErrorCode error) {
        Pattern row = Pattern.compile("^\\|\\s*" + error.code() + "\\s*\\|\\s*`?" + error.name()
                + "`?\\s*\\|\\s*(yes|no)\\s*\\|", Pattern.MULTILINE);

        Matcher matcher = row.matcher(section("## Error codes", "## Record data"));

        assertThat(matcher.find()).as("a row '| %d | %s | yes/no |'", error.code(), error.name()).isTrue();
        assertThat(matcher.group(1)).as("retriable of %s", error).isEqualTo(error.retriable() ? "yes" : "no");
    }

    @Test
    void everyErrorRowNamesAnErrorOfThisBuild() {
        Matcher rows = ERROR_ROW.matcher(section("## Error codes", "## Record data"));
        int count = 0;
        while (rows.find()) {
            ErrorCode error = ErrorCode.valueOf(rows.group(2));
            assertThat(error.code()).as("row %s", rows.group()).isEqualTo(Short.parseShort(rows.group(1)));
            count++;
        }
        assertThat(count).isEqualTo(ErrorCode.values().length);
    }

    @Test
    void theFrameLimitAndItsDefaultAreStated() {
        assertThat(doc).contains("`socket.request.max.bytes`").contains("104857600").contains("maxRequestBytes");
    }

    @Test
    void workedExampleRequestsAreTheBytesTheEncodersWrite() {
        ByteBuffer apiVersions = frame(new RequestHeader(ApiKey.API_VERSIONS.id(), (short) 0, 1, "demo"),
                new ApiVersionsRequest());
        ByteBuffer metadata = frame(new RequestHeader(ApiKey.METADATA.id(), (short) 0, 2, "demo"),
                new MetadataRequest(List.of("test")));

        assertThat(codeBlocks()).contains(rows(apiVersions), rows(metadata));
        assertThat(annotatedBlockContaining("apiKey 18 (ApiVersions)"))
                .isEqualTo(hex(apiVersions));
        assertThat(annotatedBlockContaining("apiKey 3 (Metadata)")).isEqualTo(hex(metadata));
    }

    @Test
    void workedExampleResponsesAreTheBytesTheEncodersWrite() {
        ByteBuffer apiVersions = frame(ResponseHeader.ok(1), ApiVersionsResponse.current(104_857_600));
        ByteBuffer metadata = frame(ResponseHeader.ok(2), new MetadataResponse(0, "localhost", 9092, List.of(
                new MetadataResponse.TopicMetadata(ErrorCode.NONE, null, "test",
                        UUID.fromString("5b1e3c7a-0d2f-4e8b-9a61-3f4c2d1e0b9a"),
                        List.of(new MetadataResponse.PartitionMetadata(0, 0, 0L, 42L))))));
        ByteBuffer unsupported = frame(new ResponseHeader(2, ErrorCode.UNSUPPORTED_VERSION, null), null);

        assertThat(codeBlocks()).contains(rows(apiVersions));
        assertThat(annotatedBlockContaining("host \"localhost\"")).isEqualTo(hex(metadata));
        assertThat(doc).contains(spaced(hex(unsupported)) + "      correlationId 2, UNSUPPORTED_VERSION");
    }

    @Test
    void workedExampleHeartbeatIsTheBytesTheEncodersWrite() {
        ByteBuffer join = frame(new RequestHeader(ApiKey.CONSUMER_GROUP_HEARTBEAT.id(), (short) 0, 3, "demo"),
                new ConsumerGroupHeartbeatRequest("billing", null, ConsumerGroupHeartbeatRequest.JOIN_EPOCH, 300_000,
                        List.of("test"), null, List.of()));
        ByteBuffer joined = frame(ResponseHeader.ok(3), new ConsumerGroupHeartbeatResponse("member-1", 1, 5_000,
                List.of(new TopicPartitions("test", List.of(0)))));

        assertThat(annotatedBlockContaining("apiKey 68 (ConsumerGroupHeartbeat)")).isEqualTo(hex(join));
        assertThat(annotatedBlockContaining("memberId \"member-1\"")).isEqualTo(hex(joined));
    }

    @Test
    void saslExamplesAreTheBytesTheEncodersWrite() {
        ByteBuffer handshake = frame(new RequestHeader(ApiKey.SASL_HANDSHAKE.id(), (short) 0, 1, "demo"),
                new SaslHandshakeRequest("SCRAM-SHA-256"));
        ByteBuffer authenticate = frame(new RequestHeader(ApiKey.SASL_AUTHENTICATE.id(), (short) 0, 2, "demo"),
                new SaslAuthBytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
        ByteBuffer refused = frame(new ResponseHeader(3, ErrorCode.SASL_AUTHENTICATION_FAILED, "Authentication failed"
                + " during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256"), null);

        assertThat(annotatedBlockContaining("apiKey 17 (SaslHandshake)")).isEqualTo(hex(handshake));
        assertThat(annotatedBlockContaining("apiKey 36 (SaslAuthenticate)")).isEqualTo(hex(authenticate));
        assertThat(hex(refused)).startsWith(annotatedBlockContaining("errorCode 58 (SASL_AUTHENTICATION_FAILED)"));
        assertThat(doc).contains("(" + (refused.remaining() - 12) + " bytes)");
    }

    /** The names a member sends and the defaults it relies on are the ones the code and Kafka use. */
    @Test
    void theGroupProtocolsNamesAndDefaultsAreStated() {
        String groups = section("## Consumer groups", "## Error codes");

        assertThat(groups)
                .contains("`" + ConsumerGroupHeartbeatRequest.RANGE + "`")
                .contains("`" + ConsumerGroupHeartbeatRequest.ROUND_ROBIN + "`")
                .contains("`" + ConsumerGroupHeartbeatRequest.UNIFORM + "`")
                .contains("`memberEpoch` 0", "`memberEpoch` -1")
                .contains("`Empty`", "`Reconciling`", "`Stable`", "`Dead`");
        assertThat(groups.replaceAll("\\s+", " ")).contains("**45 seconds** by default").contains("5000 by default");
        assertThat(ConsumerGroupHeartbeatRequest.JOIN_EPOCH).isZero();
        assertThat(ConsumerGroupHeartbeatRequest.LEAVE_EPOCH).isEqualTo(-1);
    }

    /** The text from {@code start} to the next {@code end} after it. */
    private static String section(String start, String end) {
        int from = doc.indexOf(start);
        assertThat(from).as("section %s", start).isNotNegative();
        int to = doc.indexOf(end, from + start.length());
        return doc.substring(from, to < 0 ? doc.length() : to);
    }

    private static List<String> codeBlocks() {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = CODE_BLOCK.matcher(doc);
        while (matcher.find()) {
            blocks.add(matcher.group(1).stripTrailing());
        }
        return blocks;
    }

    /**
     * The bytes of the annotated code block that contains {@code marker}: on each line, the hex
     * bytes before the first word of commentary.
     */
    private static String annotatedBlockContaining(String marker) {
        String block = codeBlocks().stream().filter(b -> b.contains(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("no code block contains " + marker));
        StringBuilder bytes = new StringBuilder();
        for (String line : block.split("\n")) {
            for (String token : line.trim().split("\\s+")) {
                if (!HEX_BYTE.matcher(token).matches()) {
                    break;
                }
                bytes.append(token);
            }
        }
        return bytes.toString();
    }

    private static ByteBuffer frame(Message header, Message body) {
        int size = header.sizeInBytes() + (body == null ? 0 : body.sizeInBytes());
        ByteBuffer frame = ByteBuffer.allocate(4 + size).putInt(size).put(header.toByteBuffer());
        if (body != null) {
            frame.put(body.toByteBuffer());
        }
        return frame.flip();
    }

    private static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Hex bytes separated by spaces, sixteen to a line, as the document shows whole frames. */
    private static String rows(ByteBuffer buffer) {
        String spaced = spaced(hex(buffer));
        StringBuilder rows = new StringBuilder();
        String[] bytes = spaced.split(" ");
        for (int i = 0; i < bytes.length; i++) {
            rows.append(bytes[i]).append(i == bytes.length - 1 ? "" : i % 16 == 15 ? "\n" : " ");
        }
        return rows.toString();
    }

    private static String spaced(String hex) {
        return hex.replaceAll("(..)(?!$)", "$1 ");
    }
}
