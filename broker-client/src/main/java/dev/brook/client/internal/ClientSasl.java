package dev.brook.client.internal;

import dev.brook.client.ClientSecurity;
import dev.brook.protocol.errors.AuthenticationException;
import dev.brook.protocol.errors.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SASL for a {@link ClientSecurity}: the mechanism's messages, one
 * {@link Exchange} per connection. PLAIN sends {@code \0user\0password} once (RFC 4616). SCRAM
 * (RFC 5802/7677, without channel binding) sends {@code n,,n=user,r=nonce}, answers the broker's
 * salt and iteration count with a proof that it knows the password, and checks the broker's
 * signature in turn, so that a client never talks on to a broker that does not know the user's
 * credential.
 *
 * <p>Immutable; an {@link Exchange} is used by one connection, one step at a time.
 */
public final class ClientSasl {
    private final String mechanism;
    private final String username;
    private final String password;

    private ClientSasl(String mechanism, String username, String password) {
        this.mechanism = mechanism;
        this.username = username;
        this.password = password;
    }

    /**
     * The SASL of {@code security}, or null when it does not authenticate.
     *
     * @throws IllegalArgumentException when the SASL settings are incomplete
     */
    public static ClientSasl of(ClientSecurity security) {
        if (!security.validate().sasl()) {
            return null;
        }
        return new ClientSasl(security.saslMechanism(), security.saslUsername(), security.saslPassword());
    }

    public String mechanism() {
        return mechanism;
    }

    public String username() {
        return username;
    }

    /** A new authentication, for one connection. */
    Exchange start() {
        return mechanism.equals("PLAIN") ? new Plain() : new Scram();
    }

    /** One authentication's messages. */
    interface Exchange {
        /** The client's first message. */
        byte[] first();

        /**
         * The client's next message after the broker's {@code challenge}, or null when the
         * exchange is complete.
         *
         * @throws AuthenticationException when the broker's answer is not what the mechanism allows
         */
        byte[] next(byte[] challenge);
    }

    private final class Plain implements Exchange {
        @Override
        public byte[] first() {
            return ("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] next(byte[] challenge) {
            return null;
        }
    }

    private final class Scram implements Exchange {
        private final String hash = mechanism.equals("SCRAM-SHA-256") ? "SHA-256" : "SHA-512";
        private final String hmac = mechanism.equals("SCRAM-SHA-256") ? "HmacSHA256" : "HmacSHA512";
        private final String clientNonce;
        private final String clientFirstBare;
        private byte[] expectedServerSignature;
        private int step;

        Scram() {
            byte[] nonce = new byte[24];
            Nonces.RANDOM.nextBytes(nonce);
            clientNonce = Base64.getEncoder().withoutPadding().encodeToString(nonce).replace('+', '-').replace('/', '_');
            clientFirstBare = "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        }

        @Override
        public byte[] first() {
            return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] next(byte[] challenge) {
            String message = new String(challenge, StandardCharsets.UTF_8);
            Map<String, String> fields = parse(message);
            if (fields.containsKey("e")) {
                throw failed("the broker ended " + mechanism + " with '" + fields.get("e") + "'");
            }
            step++;
            if (step == 1) {
                return clientFinal(message, fields);
            }
            if (step == 2) {
                byte[] signature = decode(fields.get("v"));
                if (signature == null || !MessageDigest.isEqual(signature, expectedServerSignature)) {
                    throw failed("the broker's " + mechanism + " signature is wrong: it does not hold user '"
                            + username + "''s credential, so it is not trusted");
                }
                return null;
            }
            throw failed("the broker sent more " + mechanism + " messages than the mechanism has");
        }

        private byte[] clientFinal(String serverFirst, Map<String, String> fields) {
            String nonce = fields.get("r");
            byte[] salt = decode(fields.get("s"));
            int iterations;
            try {
                iterations = Integer.parseInt(fields.getOrDefault("i", ""));
            } catch (NumberFormatException e) {
                iterations = -1;
            }
            if (nonce == null || !nonce.startsWith(clientNonce) || salt == null || iterations < 1) {
                throw failed("the broker's first " + mechanism + " message is malformed");
            }
            try {
                byte[] salted = hi(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
                byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.UTF_8));
                byte[] storedKey = MessageDigest.getInstance(hash).digest(clientKey);
                String withoutProof = "c=biws,r=" + nonce;
                byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                        .getBytes(StandardCharsets.UTF_8);
                byte[] signature = hmac(storedKey, authMessage);
                byte[] proof = clientKey.clone();
                for (int i = 0; i < proof.length; i++) {
                    proof[i] ^= signature[i];
                }
                expectedServerSignature = hmac(hmac(salted, "Server Key".getBytes(StandardCharsets.UTF_8)), authMessage);
                return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks " + hmac, e);
            }
        }

        /** Hi() of RFC 5802: PBKDF2 with the HMAC as its function and one block. */
        private byte[] hi(byte[] secret, byte[] salt, int iterations) throws GeneralSecurityException {
            byte[] first = new byte[salt.length + 4];
            System.arraycopy(salt, 0, first, 0, salt.length);
            first[first.length - 1] = 1;
            byte[] u = hmac(secret, first);
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = hmac(secret, u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        }

        private byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(key, hmac));
            return mac.doFinal(data);
        }
    }

    private static Map<String, String> parse(String message) {
        Map<String, String> fields = new HashMap<>();
        for (String part : message.split(",")) {
            int equals = part.indexOf('=');
            if (equals == 1) {
                fields.putIfAbsent(part.substring(0, 1), part.substring(2));
            }
        }
        return fields;
    }

    private static byte[] decode(String base64) {
        try {
            return base64 == null ? null : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static AuthenticationException failed(String message) {
        return new AuthenticationException(ErrorCode.SASL_AUTHENTICATION_FAILED, message);
    }

    /**
     * The source of SCRAM nonces, created on first use: seeding a {@code SecureRandom} loads the
     * JDK's security providers, which a client that does not authenticate should not wait for.
     */
    private static final class Nonces {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
