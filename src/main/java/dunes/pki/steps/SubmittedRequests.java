package dunes.pki.steps;

import dunes.engine.DunesTables;
import java.time.Instant;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The request id the CA gave each certificate stage (PackageSigningCertificate, ClientCertificate
 * instance) for the CSR Dunes submitted: what the approval checks and the stage fetches. A table of
 * Dunes's own, not the variable {@code certificateRequestId} the approval form shows: a completion
 * or a variable write cannot point the build at another request. Committed in a transaction of its
 * own as soon as the CA answers, so a job that fails after the CA accepted keeps the id and its retry
 * asks the CA about that request instead of submitting again ({@link SubmissionMarkers} covers the
 * moment between the CSR leaving Dunes and this commit).
 */
@Component
public class SubmittedRequests {

  static final String TABLE = "DUNES_CA_REQUEST";

  private final JdbcTemplate jdbc;
  private final HistoryService history;
  private final TransactionTemplate ownTransaction;

  public SubmittedRequests(DataSource dataSource, HistoryService history, PlatformTransactionManager transactions) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.history = history;
    this.ownTransaction = DunesTables.ownTransaction(transactions);
    DunesTables.createIfMissing(dataSource, TABLE, "PROC_INST_ID_ VARCHAR(64) NOT NULL PRIMARY KEY,"
        + " BUILD_KEY_ VARCHAR(64), REQUEST_ID_ BIGINT NOT NULL, SUBMITTED_ BIGINT NOT NULL");
  }

  /** Records the CA's answer at once, in a transaction of its own: the job may still fail after it. */
  void commit(DelegateExecution stage, long requestId) {
    ownTransaction.executeWithoutResult(status -> record(stage.getProcessInstanceId(), stage.getProcessBusinessKey(),
        requestId));
  }

  /** Records that the stage instance {@code stageInstanceId} of build {@code buildKey} submitted request {@code requestId}. */
  public void record(String stageInstanceId, String buildKey, long requestId) {
    jdbc.update("INSERT INTO " + TABLE + " (PROC_INST_ID_, BUILD_KEY_, REQUEST_ID_, SUBMITTED_) VALUES (?, ?, ?, ?)",
        stageInstanceId, buildKey, requestId, Instant.now().toEpochMilli());
  }

  /** The id of the request the stage instance {@code stageInstanceId} submitted, if it has. */
  public OptionalLong find(String stageInstanceId) {
    return jdbc.queryForList("SELECT REQUEST_ID_ FROM " + TABLE + " WHERE PROC_INST_ID_ = ?", Long.class,
        stageInstanceId).stream().mapToLong(Long::longValue).findFirst();
  }

  /** The request of the stage {@code execution} runs in. */
  long ofStage(DelegateExecution execution) {
    return find(execution.getProcessInstanceId()).orElseThrow(() -> new IllegalStateException(
        "this certificate stage submitted no request to the CA"));
  }

  /** The request of the newest stage {@code stageProcessKey} that {@code caller}'s process instance called. */
  long ofCalledStage(DelegateExecution caller, String stageProcessKey) {
    return history.createHistoricProcessInstanceQuery().superProcessInstanceId(caller.getProcessInstanceId())
        .processDefinitionKey(stageProcessKey).orderByProcessInstanceStartTime().desc().list().stream()
        .map(stage -> find(stage.getId())).filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong)
        .findFirst().orElseThrow(() -> new IllegalStateException("no " + stageProcessKey + " stage of this build"
            + " submitted a request to the CA"));
  }

  /** The request a CertificateApproval instance decides on: its calling stage's, never one a variable names. */
  long ofApproval(DelegateExecution approval) {
    DelegateExecution stage = approval.getProcessInstance().getSuperExecution();
    if (stage == null) {
      throw new IllegalStateException("CertificateApproval runs only when a certificate stage calls it");
    }
    return find(stage.getProcessInstanceId()).orElseThrow(() -> new IllegalStateException(
        "the certificate stage that called this approval submitted no request to the CA"));
  }
}
