package dunes.appliance.vami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dunes.appliance.shell.ShellUnavailableException;
import dunes.build.BuildRequestReader;
import dunes.build.BuildVariables;
import dunes.engine.WaitDeadlineProperties;
import dunes.engine.WaitDeadlines;
import dunes.engine.WaitExpiredException;
import dunes.support.ExampleRequest;
import dunes.support.MapExecution;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;

/**
 * An appliance that does not answer yet — booting, or switching to its new address — is a wait the
 * process loops on (applianceAnswered false), never a failed job, until its deadline.
 */
class SetApplianceIdentityStepTest {

  private final Deque<Supplier<VamiResult>> answers = new ArrayDeque<>();
  private final ApplianceIdentityPort identity = mock(ApplianceIdentityPort.class);
  private final SetApplianceIdentityStep step = new SetApplianceIdentityStep(identity,
      new WaitDeadlines(WaitDeadlineProperties.defaults()));
  private final Map<String, Object> variables = new HashMap<>();
  private final Map<String, Object> local = new HashMap<>();

  SetApplianceIdentityStepTest() {
    when(identity.converge(any(), any())).thenAnswer(i -> answers.pop().get());
  }

  @Test
  void shouldLookAgainWhileTheApplianceSwitchesAddressThenGoOnOnceItAnswers() {
    ShellUnavailableException booting = mock(ShellUnavailableException.class); // the shell package makes them
    when(booting.getMessage()).thenReturn("ssh://root@127.0.0.11:22 refused the connection");
    answers.add(() -> {
      throw booting;
    });
    answers.add(() -> {
      throw new VamiUnavailableException("the appliance took the network change and does not answer at 127.0.0.12 yet",
          null);
    });
    answers.add(() -> {
      ApplianceIdentity moved = new ApplianceIdentity("vcvco2.lab.local", "UTC",
          new StaticNetwork("127.0.0.12", "255.255.255.0", "127.0.0.1", List.of("127.0.0.53")));
      return new VamiResult("127.0.0.12", moved, moved, List.of());
    });
    DelegateExecution execution = execution();

    step.execute(execution);
    assertThat(variables).containsEntry(SetApplianceIdentityStep.ANSWERED, false);
    assertThat(local).containsKey("applianceAnswerWaitBegan");
    step.execute(execution);
    assertThat(variables).containsEntry(SetApplianceIdentityStep.ANSWERED, false);
    step.execute(execution);

    assertThat(variables).containsEntry(SetApplianceIdentityStep.ANSWERED, true)
        .containsEntry("vamiResult", "vcvco2 at 127.0.0.12: nothing to do");
    assertThat(local).as("the wait is over: a later loop starts its own").doesNotContainKey("applianceAnswerWaitBegan");
  }

  @Test
  void shouldEndTheWaitPastItsDeadlineNamingWhereItLooked() {
    answers.add(() -> {
      throw new VamiUnavailableException("no answer at 127.0.0.12 yet", null);
    });
    local.put("applianceAnswerWaitBegan", Instant.now().minusSeconds(16 * 60).toString());

    assertThatThrownBy(() -> step.execute(execution())).isInstanceOf(WaitExpiredException.class)
        .hasMessageContaining("still waiting for the appliance of vcvco2 to answer over SSH at 127.0.0.11 or 127.0.0.12")
        .hasMessageContaining("(dunes.deadlines.appliance-answer); last seen: no answer at 127.0.0.12 yet");
  }

  private DelegateExecution execution() {
    variables.put(BuildVariables.BUILD_SPEC, BuildRequestReader.write(BuildRequestReader.parseTrusted(
        ExampleRequest.withTicket("CHG-1").toString())));
    variables.put(SetApplianceIdentityStep.NODE_NAME, "vcvco2");
    variables.put(SetApplianceIdentityStep.APPLIANCE_ADDRESS, "127.0.0.11");
    variables.put(SetApplianceIdentityStep.APPLIANCE_FINGERPRINT, "SHA256:" + "A".repeat(43));
    return MapExecution.of(variables, local);
  }
}
