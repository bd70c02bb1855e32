package dunes.appliance.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Reading {@code service vco-server status}: the state line and the LSB exit status together. */
class ServiceStateTest {

  static final String WHERE = "ssh://root@127.0.12.1:22 (service vco-server status)";

  @Test
  void shouldReadEveryStateWithItsExitStatus() {
    assertThat(parse(0, "vco-server is RUNNING\n")).isEqualTo(ServiceState.RUNNING);
    assertThat(parse(0, "vco-server is STARTING\n")).isEqualTo(ServiceState.STARTING);
    assertThat(parse(0, "vco-server is STANDBY\n")).isEqualTo(ServiceState.STANDBY);
    assertThat(parse(3, "vco-server is STOPPED\n")).isEqualTo(ServiceState.STOPPED);
  }

  @Test
  void shouldFindTheStateLineAmongOthers() {
    assertThat(parse(0, "Checking for service vco-server\nvco-server is running\n")).isEqualTo(ServiceState.RUNNING);
  }

  @Nested
  class Refused {

    @Test
    void shouldQuoteAnAnswerInAnotherWording() {
      assertThatThrownBy(() -> parse(0, "tcServer is up and running (pid 4711)\n"))
          .isInstanceOf(ShellProtocolException.class)
          .hasMessageContaining(WHERE)
          .hasMessageContaining("'tcServer is up and running (pid 4711)'");
    }

    @Test
    void shouldRefuseAStateThatContradictsTheExitStatus() {
      assertThatThrownBy(() -> parse(3, "vco-server is RUNNING\n"))
          .isInstanceOf(ShellProtocolException.class)
          .hasMessageContaining("contradict");
    }

    @Test
    void shouldReportAnotherExitStatusWithStderr() {
      assertThatThrownBy(() -> ServiceState.fromStatus(WHERE, new CommandResult(127, "", "bash: service: command not found\n", false)))
          .isInstanceOfSatisfying(ShellCommandException.class, e -> assertThat(e.exitCode()).isEqualTo(127))
          .hasMessageContaining("exited with status 127")
          .hasMessageContaining("command not found");
    }
  }

  private static ServiceState parse(int exitCode, String stdout) {
    return ServiceState.fromStatus(WHERE, new CommandResult(exitCode, stdout, "", false));
  }
}
