package dunes.appliance.shell;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.engine.DunesTables;
import java.time.Instant;
import javax.sql.DataSource;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * RestartNode's {@code service vco-server restart}, which the caller wants whatever the node's
 * state (a cluster setting is read only at start). Before the command, a row in DUNES_NODE_RESTART
 * (stage instance, activity, host, time) commits in a transaction of its own; a rerun of a job that
 * died after issuing it finds that row and looks at the service: STARTING is the restart under way,
 * so it is not issued again. RUNNING or STANDBY cannot tell an old start from the new one (the
 * status line carries no start time), so the rerun restarts again: harmless, where a missed restart
 * would leave the setting unread.
 */
@Component
public class RestartNodeStep implements JavaDelegate {

  static final String TABLE = "DUNES_NODE_RESTART";

  private final NodeShellPort shell;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;

  public RestartNodeStep(NodeShellPort shell, DataSource dataSource, PlatformTransactionManager transactions) {
    this.shell = shell;
    this.jdbc = new JdbcTemplate(dataSource);
    this.ownTransaction = DunesTables.ownTransaction(transactions);
    DunesTables.createIfMissing(dataSource, TABLE, "PROC_INST_ID_ VARCHAR(64) NOT NULL, ACT_ID_ VARCHAR(255) NOT NULL,"
        + " HOST_ VARCHAR(255) NOT NULL, ISSUED_ BIGINT NOT NULL, PRIMARY KEY (PROC_INST_ID_, ACT_ID_)");
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    NodeShellPort.Target target = ShellTargets.of(execution, spec, BuildVariables.node(execution, spec));
    try {
      boolean issuedBefore = jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE + " WHERE PROC_INST_ID_ = ? AND ACT_ID_ = ?",
          Integer.class, execution.getProcessInstanceId(), execution.getCurrentActivityId()) > 0;
      if (!(issuedBefore && shell.serviceStatus(target) == ServiceState.STARTING)) {
        ownTransaction.executeWithoutResult(status -> {
          jdbc.update("DELETE FROM " + TABLE + " WHERE PROC_INST_ID_ = ? AND ACT_ID_ = ?",
              execution.getProcessInstanceId(), execution.getCurrentActivityId());
          jdbc.update("INSERT INTO " + TABLE + " (PROC_INST_ID_, ACT_ID_, HOST_, ISSUED_) VALUES (?, ?, ?, ?)",
              execution.getProcessInstanceId(), execution.getCurrentActivityId(), target.host(), Instant.now().toEpochMilli());
        });
        shell.restartService(target);
      }
      execution.setVariable(RestartServiceStep.RESTARTED_AT, Instant.now().toString());
    } catch (ShellAuthenticationException | ShellTrustException e) {
      throw new BpmnError(RestartServiceStep.ERROR_SHELL_REFUSED, e.getMessage(), e);
    }
  }
}
