package dunes.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.support.DunesIntegrationTest;
import dunes.support.EngineTables;
import dunes.support.ExampleRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** After a whole build, no secret value is in any engine table or in the log output. */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTest extends DunesIntegrationTest {

  @Autowired DataSource dataSource;
  @Autowired SecretProperties secretProperties;
  @Autowired SecretStore secrets;

  @Test
  void shouldLeaveNoSecretValueInTablesOrLogs(CapturedOutput output) throws Exception {
    String ticket = ExampleRequest.newTicket();
    String id = startAndFinish(ticket);

    List<String> needles = secretNeedles();
    List<String> hits = EngineTables.hits(dataSource, needles);
    List<String> tables = EngineTables.names(dataSource);

    assertThat(tables).contains("ACT_RU_VARIABLE", "ACT_HI_VARINST", "ACT_HI_DETAIL", "ACT_GE_BYTEARRAY", "ACT_RU_JOB");
    assertThat(rowsOf("ACT_HI_VARINST", id)).as("the build left variables to search").isPositive();
    assertThat(hits).isEmpty();
    assertThat(output.getAll()).contains("reported outcome 'cancelled' of ticket " + ticket);
    assertThat(needles).noneMatch(output.getAll()::contains);
  }

  private String startAndFinish(String ticket) {
    assertThat(postAsOperator("/api/builds", ExampleRequest.withTicket(ticket).toString()).statusCode()).isEqualTo(201);
    String id = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(dunes.build.BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).singleResult().getId();
    // no DNS answers here: the preflight fails and waits for its retry, then the build is cancelled before any change
    assertThatThrownBy(() -> runJobs(id)).hasMessageContaining("preflight cannot check names");
    String delivery = engine.getRuntimeService().createMessageCorrelation(dunes.build.BuildVariables.MSG_CHANGE_CANCELLED)
        .processInstanceBusinessKey(ticket).correlateWithResult().getProcessInstance().getId();
    runJobs(delivery); // CancelBuild hands the recorded cancel to the build
    runJobs(id);
    assertThat(CHANGES.receivedFor(ticket)).hasSize(1); // the callback password was resolved and used
    return id;
  }

  /** Every configured secret value, plain and as it would appear in a Basic header. */
  private List<String> secretNeedles() {
    List<String> needles = new ArrayList<>();
    for (String name : secretProperties.values().keySet()) {
      String value = secrets.resolve(new SecretRef(name)).revealAsString();
      needles.add(value);
      needles.add(Base64.getEncoder().encodeToString(("dunes:" + value).getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(needles).hasSizeGreaterThanOrEqualTo(16);
    return needles;
  }

  private int rowsOf(String table, String processInstanceId) throws Exception {
    try (Connection c = dataSource.getConnection();
        var s = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE PROC_INST_ID_ = ?")) {
      s.setString(1, processInstanceId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
