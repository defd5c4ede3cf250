package dev.arclight.worker.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TcgPropertiesTests {

    @Test
    void defaultsToTheMeasuredCap() {
        assertThat(new TcgProperties(null).tcgTbCacheMib()).isEqualTo(TcgProperties.DEFAULT_TB_CACHE_MIB);
    }

    @Test
    void zeroMeansQemusDefault() {
        assertThat(new TcgProperties(0).featuresElement(Accel.TCG)).isEmpty();
    }

    @Test
    void acceptsTheBounds() {
        assertThat(new TcgProperties(TcgProperties.MIN_TB_CACHE_MIB).featuresElement(Accel.TCG))
                .isEqualTo("<tcg><tb-cache unit='MiB'>16</tb-cache></tcg>");
        assertThat(new TcgProperties(TcgProperties.MAX_TB_CACHE_MIB).tcgTbCacheMib())
                .isEqualTo(2048);
    }

    @Test
    void rejectsACacheTooSmallOrTooLargeNamingTheSetting() {
        for (int mib : new int[] {-1, 1, TcgProperties.MIN_TB_CACHE_MIB - 1, TcgProperties.MAX_TB_CACHE_MIB + 1}) {
            assertThatThrownBy(() -> new TcgProperties(mib))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("arclight.worker.tcg-tb-cache-mib")
                    .hasMessageContaining(Integer.toString(mib));
        }
    }

    @Test
    void kvmDomainsGetNoTcgElement() {
        assertThat(new TcgProperties(64).featuresElement(Accel.KVM)).isEmpty();
    }
}
