package dunes.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One deadline mechanism: the first look records the start on the engine clock, later looks measure from it. */
class WaitDeadlinesTest {

  private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

  private final WaitDeadlines deadlines = new WaitDeadlines(
      new WaitDeadlineProperties(null, null, null, Duration.ofMinutes(5), null, null, null, null));
  private final Map<String, Object> local = new HashMap<>();
  private final DelegateExecution execution = execution();

  @AfterEach
  void clock() {
    ClockUtil.reset();
  }

  @Test
  void shouldMeasureFromTheFirstLookNotFromEachTurn() {
    at(T0);
    deadlines.check(execution, Wait.CONFIGURATION_WORKFLOW, "the run of 'x' to end", "RUNNING");
    assertThat(local).containsEntry("configurationWorkflowWaitBegan", T0.toString());

    at(T0.plusSeconds(299));
    deadlines.check(execution, Wait.CONFIGURATION_WORKFLOW, "the run of 'x' to end", "RUNNING");
    assertThat(local).as("a later look keeps the start").containsEntry("configurationWorkflowWaitBegan", T0.toString());

    at(T0.plusSeconds(301));
    assertThatThrownBy(() -> deadlines.check(execution, Wait.CONFIGURATION_WORKFLOW, "the run of 'x' to end", "RUNNING"))
        .isInstanceOf(WaitExpiredException.class)
        .hasMessage("still waiting for the run of 'x' to end since 2026-12-07T12:00:00Z (301 s), past the deadline"
            + " of 300 s (dunes.deadlines.configuration-workflow); last seen: RUNNING. Look at the run in the vCO"
            + " client (cancel it if it hangs), then retry: a retry looks once more");
  }

  @Test
  void shouldStartANewWaitAfterARestart() {
    at(T0);
    deadlines.began(execution, Wait.CERTIFICATE_ISSUE);
    at(T0.plus(Duration.ofHours(9)));
    assertThat(deadlines.overdue(Wait.CERTIFICATE_ISSUE, deadlines.began(execution, Wait.CERTIFICATE_ISSUE), "issue",
        "PENDING")).get().asString().contains("past the deadline of 28800 s (dunes.deadlines.certificate-issue)");

    deadlines.restart(execution, Wait.CERTIFICATE_ISSUE);

    assertThat(deadlines.began(execution, Wait.CERTIFICATE_ISSUE)).isEqualTo(T0.plus(Duration.ofHours(9)));
  }

  @Test
  void shouldHaveProductionDefaultsAndRefuseANonPositiveDeadline() {
    WaitDeadlineProperties defaults = WaitDeadlineProperties.defaults();
    assertThat(defaults.of(Wait.VSPHERE_TASK)).isEqualTo(Duration.ofHours(2));
    assertThat(defaults.of(Wait.SERVICE_START)).isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(() -> new WaitDeadlineProperties(null, Duration.ZERO, null, null, null, null, null, null))
        .hasMessageContaining("dunes.deadlines: a deadline must be positive", null);
  }

  private static void at(Instant instant) {
    ClockUtil.setCurrentTime(Date.from(instant));
  }

  private DelegateExecution execution() {
    DelegateExecution mock = mock(DelegateExecution.class);
    when(mock.getVariableLocal(anyString())).thenAnswer(i -> local.get(i.getArgument(0, String.class)));
    doAnswer(i -> local.put(i.getArgument(0), i.getArgument(1))).when(mock).setVariableLocal(anyString(), any());
    doAnswer(i -> local.remove(i.getArgument(0, String.class))).when(mock).removeVariableLocal(anyString());
    return mock;
  }
}
