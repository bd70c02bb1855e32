package dunes.pki.steps;

import dunes.engine.DunesTables;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The request id the CA gave each certificate request stage (PackageSigningRequest,
 * ClientCertificateRequest instance) for the CSR Dunes submitted, with the process instance that
 * called the stage (the build's Certificates instance) and which certificate it is: what the one
 * approval checks, and what the install steps fetch. A table of Dunes's own, not the variables the
 * approval form shows: a completion or a variable write cannot point the build at another request.
 * Committed in a transaction of its own as soon as the CA answers, so a job that fails after the CA
 * accepted keeps the id and its retry asks the CA about that request instead of submitting again
 * ({@link SubmissionMarkers} covers the moment between the CSR leaving Dunes and this commit).
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
    DunesTables.addColumnIfMissing(dataSource, TABLE, "CALLER_ID_", "VARCHAR(64)");
    DunesTables.addColumnIfMissing(dataSource, TABLE, "KIND_", "VARCHAR(32)");
  }

  /** Records the CA's answer at once, in a transaction of its own: the job may still fail after it. */
  void commit(DelegateExecution stage, CertificateKind kind, long requestId) {
    ownTransaction.executeWithoutResult(status -> record(stage.getProcessInstanceId(), callerOf(stage),
        stage.getProcessBusinessKey(), kind, requestId));
  }

  /**
   * Records that the stage instance {@code stageInstanceId}, called by process instance
   * {@code callerInstanceId}, of build {@code buildKey} submitted request {@code requestId} for the
   * {@code kind} certificate.
   */
  public void record(String stageInstanceId, String callerInstanceId, String buildKey, CertificateKind kind,
      long requestId) {
    jdbc.update("INSERT INTO " + TABLE + " (PROC_INST_ID_, CALLER_ID_, BUILD_KEY_, KIND_, REQUEST_ID_, SUBMITTED_)"
        + " VALUES (?, ?, ?, ?, ?, ?)", stageInstanceId, callerInstanceId, buildKey, kind.name(), requestId,
        Instant.now().toEpochMilli());
  }

  /** The id of the request the stage instance {@code stageInstanceId} submitted, if it has. */
  public OptionalLong find(String stageInstanceId) {
    return jdbc.queryForList("SELECT REQUEST_ID_ FROM " + TABLE + " WHERE PROC_INST_ID_ = ?", Long.class,
        stageInstanceId).stream().mapToLong(Long::longValue).findFirst();
  }

  /** The requests the stages that {@code callerInstanceId} called submitted, by certificate. */
  public Map<CertificateKind, Long> ofCaller(String callerInstanceId) {
    Map<CertificateKind, Long> requests = new EnumMap<>(CertificateKind.class);
    jdbc.query("SELECT KIND_, REQUEST_ID_ FROM " + TABLE + " WHERE CALLER_ID_ = ?", row -> {
      requests.put(CertificateKind.valueOf(row.getString("KIND_")), row.getLong("REQUEST_ID_"));
    }, callerInstanceId);
    return requests;
  }

  /** The {@code kind} request of the stages {@code execution}'s process instance (Certificates) called. */
  long ofKind(DelegateExecution execution, CertificateKind kind) {
    Long id = ofCaller(execution.getProcessInstanceId()).get(kind);
    if (id == null) {
      throw new IllegalStateException("no " + kind.what() + " request of this build was submitted to the CA");
    }
    return id;
  }

  /**
   * The {@code kind} request of the newest {@code stageProcessKey} instance (Certificates) that
   * {@code caller}'s process instance called.
   */
  long ofCalledStage(DelegateExecution caller, String stageProcessKey, CertificateKind kind) {
    return history.createHistoricProcessInstanceQuery().superProcessInstanceId(caller.getProcessInstanceId())
        .processDefinitionKey(stageProcessKey).orderByProcessInstanceStartTime().desc().list().stream()
        .map(stage -> ofCaller(stage.getId()).get(kind)).filter(Objects::nonNull).mapToLong(Long::longValue)
        .findFirst().orElseThrow(() -> new IllegalStateException("no " + stageProcessKey + " stage of this build"
            + " submitted a " + kind.what() + " request to the CA"));
  }

  /**
   * The requests a CertificateApproval instance decides on: every one the stages of its caller
   * submitted, never one a variable names.
   */
  Map<CertificateKind, Long> ofApproval(DelegateExecution approval) {
    String caller = callerOf(approval);
    if (caller == null) {
      throw new IllegalStateException("CertificateApproval runs only when the certificates stage calls it");
    }
    Map<CertificateKind, Long> requests = ofCaller(caller);
    if (requests.isEmpty()) {
      throw new IllegalStateException("the stage that called this approval submitted no request to the CA");
    }
    return requests;
  }

  /** The process instance that called {@code execution}'s, or null when nothing called it. */
  static String callerOf(DelegateExecution execution) {
    DelegateExecution caller = execution.getProcessInstance().getSuperExecution();
    return caller == null ? null : caller.getProcessInstanceId();
  }
}
