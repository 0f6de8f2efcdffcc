package dev.brook.server.metrics;

import dev.brook.server.network.ErrorSink;
import dev.brook.server.network.IncomingRequest;
import dev.brook.server.network.OutgoingResponse;
import dev.brook.server.network.ProtocolSession;
import dev.brook.server.network.WireProtocol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WireProtocol} that measures the requests of the protocol it wraps, so that neither the
 * listener nor the protocol need know about metrics. Per request: the time from the frame's arrival
 * (its header read on the event loop) until an I/O thread starts serving it
 * ({@code brook.request.queue.time}), the time from arrival until its response is ready
 * ({@code brook.request.latency}, which counts requests too), and for each error the response
 * carries ({@link OutgoingResponse#reportErrors}: the request-level error, else each topic's,
 * partition's or group's), one count in {@code brook.request.errors} by error name. All are tagged
 * with the listener (the protocol's name) and the API.
 *
 * <p>The cost per request is two clock reads, two timer recordings, one map look-up by the API's
 * constant name and a walk over the response's per-resource error codes (the API's meters are the
 * sink, so nothing is allocated); nothing is done per record.
 *
 * <p>Thread-safe.
 */
public final class MeasuredProtocol implements WireProtocol {
    /** Percentiles published for latency and queue time, besides count, sum and max. */
    static final double[] PERCENTILES = {0.5, 0.95, 0.99};
    private static final String UNEXPECTED_FAILURE = "UNKNOWN_SERVER_ERROR";

    private final WireProtocol protocol;
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, ApiMeters> meters = new ConcurrentHashMap<>();

    public MeasuredProtocol(WireProtocol protocol, MeterRegistry registry) {
        this.protocol = protocol;
        this.registry = registry;
    }

    @Override
    public String name() {
        return protocol.name();
    }

    @Override
    public ProtocolSession open(SocketAddress remote) {
        ProtocolSession session = protocol.open(remote);
        return new ProtocolSession() {
            @Override
            public IncomingRequest read(ByteBuffer frame) {
                long arrived = System.nanoTime();
                return new Measured(session.read(frame), arrived);
            }

            @Override
            public int maxFrameBytes() {
                return session.maxFrameBytes();
            }
        };
    }

    private ApiMeters meters(String api) {
        ApiMeters found = meters.get(api);
        return found != null ? found : meters.computeIfAbsent(api, this::newMeters);
    }

    private ApiMeters newMeters(String api) {
        String listener = protocol.name();
        Timer latency = Timer.builder("brook.request.latency")
                .description("Time from a request's arrival until its response is ready")
                .tags("listener", listener, "api", api)
                .publishPercentiles(PERCENTILES)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
        Timer queue = Timer.builder("brook.request.queue.time")
                .description("Time from a request's arrival until an I/O thread starts serving it")
                .tags("listener", listener, "api", api)
                .publishPercentiles(PERCENTILES)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
        return new ApiMeters(listener, api, latency, queue);
    }

    /** The meters of one API on this listener; the sink its responses report their errors to. */
    private final class ApiMeters implements ErrorSink {
        final String listener;
        final String api;
        final Timer latency;
        final Timer queue;
        final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();

        ApiMeters(String listener, String api, Timer latency, Timer queue) {
            this.listener = listener;
            this.api = api;
            this.latency = latency;
            this.queue = queue;
        }

        @Override
        public void error(String name) {
            Counter counter = errors.get(name);
            if (counter == null) {
                counter = errors.computeIfAbsent(name, error -> Counter.builder("brook.request.errors")
                        .description("Requests answered with an error, by error code name")
                        .tags("listener", listener, "api", api, "error", error)
                        .register(registry));
            }
            counter.increment();
        }
    }

    /** One request, measured. */
    private final class Measured implements IncomingRequest {
        private final IncomingRequest request;
        private final long arrived;

        Measured(IncomingRequest request, long arrived) {
            this.request = request;
            this.arrived = arrived;
        }

        @Override
        public CompletableFuture<OutgoingResponse> serve() {
            ApiMeters api = meters(request.apiName());
            api.queue.record(System.nanoTime() - arrived, TimeUnit.NANOSECONDS);
            CompletableFuture<OutgoingResponse> served;
            try {
                served = request.serve();
            } catch (RuntimeException | Error e) {
                finished(api, UNEXPECTED_FAILURE);
                throw e;
            }
            return served.whenComplete((response, failure) -> {
                if (failure != null) {
                    finished(api, UNEXPECTED_FAILURE);
                } else {
                    finished(api, null);
                    if (!response.isNone()) {
                        response.reportErrors(api);
                    }
                }
            });
        }

        /** Records the latency, and {@code error} unless it is null. */
        private void finished(ApiMeters api, String error) {
            api.latency.record(System.nanoTime() - arrived, TimeUnit.NANOSECONDS);
            if (error != null) {
                api.error(error);
            }
        }

        @Override
        public OutgoingResponse failure(boolean shuttingDown) {
            return request.failure(shuttingDown);
        }

        @Override
        public String describe() {
            return request.describe();
        }

        @Override
        public String apiName() {
            return request.apiName();
        }
    }
}
