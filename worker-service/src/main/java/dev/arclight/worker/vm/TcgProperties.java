package dev.arclight.worker.vm;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How QEMU emulates a guest under TCG (never applied to KVM domains).
 *
 * @param tcgTbCacheMib the size of QEMU's translation-block cache per VM, {@code <tcg><tb-cache>}
 *     in the domain XML. QEMU's default (1 GiB on 64-bit hosts) is allocated lazily but, once a
 *     guest has run long enough, makes up most of a 512 MiB VM's QEMU RSS; too small a cache makes
 *     TCG flush and retranslate hot code. {@code 0} leaves QEMU's default. The default here was
 *     chosen by measurement (docs/benchmarks.md, "TCG translation cache").
 */
@Validated
@ConfigurationProperties("arclight.worker")
public record TcgProperties(Integer tcgTbCacheMib) {

    /** Below this, a guest running Python or Node.js retranslates constantly. */
    public static final int MIN_TB_CACHE_MIB = 16;

    public static final int MAX_TB_CACHE_MIB = 2048;

    public static final int DEFAULT_TB_CACHE_MIB = 64;

    public TcgProperties {
        tcgTbCacheMib = tcgTbCacheMib == null ? DEFAULT_TB_CACHE_MIB : tcgTbCacheMib;
        if (tcgTbCacheMib != 0 && (tcgTbCacheMib < MIN_TB_CACHE_MIB || tcgTbCacheMib > MAX_TB_CACHE_MIB)) {
            throw new IllegalArgumentException("arclight.worker.tcg-tb-cache-mib must be 0 (QEMU's default) or between "
                    + MIN_TB_CACHE_MIB + " and " + MAX_TB_CACHE_MIB + ", was " + tcgTbCacheMib);
        }
    }

    /** QEMU's own default: no {@code <tb-cache>} element. */
    public static TcgProperties qemuDefault() {
        return new TcgProperties(0);
    }

    /** The {@code <tcg>} element for a domain of this accelerator, or nothing (KVM, or QEMU's default). */
    String featuresElement(Accel accel) {
        return accel == Accel.TCG && tcgTbCacheMib > 0
                ? "<tcg><tb-cache unit='MiB'>" + tcgTbCacheMib + "</tb-cache></tcg>"
                : "";
    }
}
