package dev.arclight.keepalive;

import java.time.Clock;
import java.time.Duration;

/**
 * The hybrid histogram policy of Shahrad et al., "Serverless in the Wild" (USENIX ATC 2020), as
 * published, the anchor our own policy is measured against.
 *
 * <p>Per function, a histogram of idle times in 1-minute bins up to 4 hours ({@link
 * IdleTimeHistogram}, never aged). After each invocation:
 *
 * <ol>
 *   <li>If at least half of the idle times are beyond the range ({@value #OOB_THRESHOLD}), the
 *       histogram cannot say when the next call comes, and the paper forecasts the next idle time
 *       with a time series (ARIMA): pre-warm at 85% of the forecast and keep alive until 115% of it
 *       (15% margins). On the handful of idle times beyond 4 h that a function can have, an
 *       automatically fitted ARIMA reduces to its constant (the series mean), so we forecast the
 *       mean of the last {@value FunctionHistory#RECENT} idle times.
 *   <li>Else, if the histogram is not representative, which the paper decides by the coefficient
 *       of variation of its bin counts being below {@value #CV_THRESHOLD} (few or spread idle
 *       times; an empty histogram included), fall back to a fixed keep-alive of the whole range
 *       (4 hours) without pre-warming.
 *   <li>Else pre-warm at the 5th percentile (head) less 10% and keep alive until the 99th
 *       percentile (tail) plus 10%: the head bin's start times 0.9, the tail bin's end times 1.1.
 *       A head of zero keeps the instance loaded from the invocation on.
 * </ol>
 */
public final class HybridHistogramPolicy implements KeepAlivePolicy {

    static final double CV_THRESHOLD = 2.0;
    static final double OOB_THRESHOLD = 0.5;
    static final double HEAD = 0.05;
    static final double TAIL = 0.99;
    static final double HISTOGRAM_MARGIN = 0.10;
    static final double FORECAST_MARGIN = 0.15;
    static final Duration RANGE = Duration.ofMinutes(IdleTimeHistogram.BINS);

    private final FunctionHistories histories;

    public HybridHistogramPolicy(Clock clock) {
        this.histories = new FunctionHistories(clock, 0);
    }

    @Override
    public String name() {
        return "hybrid";
    }

    @Override
    public void invoked(String function) {
        histories.invoked(function);
    }

    @Override
    public Schedule schedule(String function) {
        if (!histories.knows(function)) {
            return Schedule.keepAlive(RANGE);
        }
        FunctionHistory history = histories.of(function);
        IdleTimeHistogram histogram = history.histogram();
        if (histogram.observations() > 0 && histogram.outOfBoundRate() >= OOB_THRESHOLD) {
            double forecast = mean(history.recentIdleMinutes());
            return Schedule.preWarm(minutes(forecast * (1 - FORECAST_MARGIN)), minutes(forecast * 2 * FORECAST_MARGIN));
        }
        if (histogram.coefficientOfVariation() < CV_THRESHOLD) {
            return Schedule.keepAlive(RANGE);
        }
        double head = histogram.percentileBin(HEAD) * (1 - HISTOGRAM_MARGIN);
        double tail = (histogram.percentileBin(TAIL) + 1) * (1 + HISTOGRAM_MARGIN);
        return Schedule.preWarm(minutes(head), minutes(tail - head));
    }

    public FunctionHistories histories() {
        return histories;
    }

    private static double mean(long[] values) {
        double sum = 0;
        for (long v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    static Duration minutes(double minutes) {
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }
}
