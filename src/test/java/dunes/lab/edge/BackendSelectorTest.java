package dunes.lab.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {

  private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

  private final Backend a = new Backend("127.0.2.11", 8281, 8281, 2);
  private final Backend b = new Backend("127.0.2.12", 8281, 8281, 1);
  private final Backend drained = new Backend("127.0.2.13", 8281, 8281, 0);

  @Test
  void shouldInterleaveWeightedRoundRobinSmoothly() {
    BackendSelector selector = new BackendSelector("ROUND_ROBIN", List.of(a, b, drained));

    assertThat(pick(selector, 6)).containsExactly(a, b, a, a, b, a);
  }

  @Test
  void shouldSkipAnUnhealthyMemberAndAnswerNullWhenNoneIsLeft() {
    BackendSelector selector = new BackendSelector("ROUND_ROBIN", List.of(a, drained));
    a.record(false, 2, 3); // the first check decides at once

    assertThat(selector.choose(CLIENT)).isNull();
  }

  @Test
  void shouldNeedConsecutiveChecksToChangeStateAfterTheFirst() {
    assertThat(a.record(true, 2, 3)).isFalse();
    assertThat(a.record(false, 2, 3)).isFalse();
    assertThat(a.record(false, 2, 3)).isFalse();
    assertThat(a.record(true, 2, 3)).isFalse(); // a good check breaks the streak
    assertThat(a.healthy()).isTrue();
    a.record(false, 2, 3);
    a.record(false, 2, 3);
    assertThat(a.record(false, 2, 3)).isTrue();
    assertThat(a.healthy()).isFalse();
    a.record(true, 2, 3);
    assertThat(a.record(true, 2, 3)).isTrue();
    assertThat(a.eligible()).isTrue();
  }

  @Test
  void shouldKeepAClientOnOneMemberWithIpHash() {
    BackendSelector selector = new BackendSelector("IP_HASH", List.of(a, b));

    assertThat(pick(selector, 4)).containsOnly(selector.choose(CLIENT));
  }

  @Test
  void shouldPreferTheMemberWithFewestConnectionsPerWeight() {
    BackendSelector selector = new BackendSelector("LEAST_CONN", List.of(a, b));
    a.active().set(3);
    b.active().set(1);

    assertThat(selector.choose(CLIENT)).isSameAs(b);
  }

  private static List<Backend> pick(BackendSelector selector, int times) {
    List<Backend> picks = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      picks.add(selector.choose(CLIENT));
    }
    return picks;
  }
}
