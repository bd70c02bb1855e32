package dunes.build.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionsTest {

  @Test
  void shouldCompareNumberByNumber() {
    assertThat(Versions.compare("6.7.3", "6.7")).isPositive();
    assertThat(Versions.compare("10.0", "6.7")).isPositive();
    assertThat(Versions.compare("5.5", "5.5.0")).isZero();
    assertThat(Versions.compare("5.1", "5.5")).isNegative();
  }

  @Test
  void shouldTakeTheMaximumOfARangeAsAWholeLine() {
    assertThat(Versions.within("6.7.3", "5.5", "6.7")).as("vCenter 6.7 U3 states API 6.7.3").isTrue();
    assertThat(Versions.within("5.5", "5.5", "6.7")).isTrue();
    assertThat(Versions.within("7.0", "5.5", "6.7")).isFalse();
    assertThat(Versions.within("5.1", "5.5", "6.7")).isFalse();
    assertThat(Versions.within("5.5.2.1 Build 2114116", "5.5", "5.5")).isTrue();
    assertThat(Versions.within("6.0.1", "5.5", "5.5")).isFalse();
    assertThat(Versions.within("unknown", "5.5", "6.7")).isFalse();
    assertThat(Versions.within(null, "5.5", "6.7")).isFalse();
  }

  @Test
  void shouldAgreeOnTheNumbersBothVersionsState() {
    assertThat(Versions.agree("5.5.2", "5.5.2.1 Build 2114116")).isTrue();
    assertThat(Versions.agree("5.5.2.0", "5.5.2.1")).isFalse();
    assertThat(Versions.agree("5.5.1", "5.5.2")).isFalse();
    assertThat(Versions.agree("", "5.5.2")).isFalse();
  }
}
