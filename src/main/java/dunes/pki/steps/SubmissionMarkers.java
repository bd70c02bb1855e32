package dunes.pki.steps;

import dunes.engine.DunesTables;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a certificate stage is about to submit to the CA, committed in a transaction of its own
 * before the CSR leaves Dunes (DUNES_CA_SUBMISSION). certsrv's submission is not idempotent and a
 * job that dies after the CA accepted rolls back everything it wrote: a marker without a recorded
 * request id ({@link SubmittedRequests}) therefore means "a request may exist at the CA", which
 * only a person can settle (Task_FindSubmittedRequest), never a second CSR.
 */
@Component
public class SubmissionMarkers {

  static final String TABLE = "DUNES_CA_SUBMISSION";

  /**
   * One submission about to happen.
   *
   * @param certificate what the certificate is for, e.g. "client SSL"
   * @param publicKeySha256 the CSR's key ({@link dunes.pki.Fingerprints#publicKeySha256}): the issued
   *     certificate of the right request carries it
   */
  public record Marker(String stageInstanceId, String buildKey, String certificate, String subject,
      String subjectAltNames, int keyBits, String publicKeySha256, String caUrl, Instant submittedAt) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;

  public SubmissionMarkers(DataSource dataSource, PlatformTransactionManager transactions) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.ownTransaction = DunesTables.ownTransaction(transactions);
    DunesTables.createIfMissing(dataSource, TABLE, "PROC_INST_ID_ VARCHAR(64) NOT NULL PRIMARY KEY,"
        + " BUILD_KEY_ VARCHAR(64), CERTIFICATE_ VARCHAR(64) NOT NULL, SUBJECT_ VARCHAR(1000) NOT NULL,"
        + " SANS_ VARCHAR(4000) NOT NULL, KEY_BITS_ BIGINT NOT NULL, KEY_SHA256_ VARCHAR(95) NOT NULL,"
        + " CA_URL_ VARCHAR(1000) NOT NULL, SUBMITTED_ BIGINT NOT NULL");
  }

  /** Commits {@code marker} now, whatever becomes of the job's own transaction. */
  void commit(Marker marker) {
    ownTransaction.executeWithoutResult(status -> jdbc.update("INSERT INTO " + TABLE + " (PROC_INST_ID_, BUILD_KEY_,"
        + " CERTIFICATE_, SUBJECT_, SANS_, KEY_BITS_, KEY_SHA256_, CA_URL_, SUBMITTED_) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        marker.stageInstanceId(), marker.buildKey(), marker.certificate(), marker.subject(), marker.subjectAltNames(),
        marker.keyBits(), marker.publicKeySha256(), marker.caUrl(), marker.submittedAt().toEpochMilli()));
  }

  /** The marker of stage instance {@code stageInstanceId}, if it began a submission. */
  Optional<Marker> find(String stageInstanceId) {
    return jdbc.query("SELECT * FROM " + TABLE + " WHERE PROC_INST_ID_ = ?", (row, i) -> new Marker(
        row.getString("PROC_INST_ID_"), row.getString("BUILD_KEY_"), row.getString("CERTIFICATE_"),
        row.getString("SUBJECT_"), row.getString("SANS_"), row.getInt("KEY_BITS_"), row.getString("KEY_SHA256_"),
        row.getString("CA_URL_"), Instant.ofEpochMilli(row.getLong("SUBMITTED_"))), stageInstanceId)
        .stream().findFirst();
  }

  /**
   * Forgets the marker of {@code stageInstanceId}, in the caller's transaction: a person confirmed
   * that the CA holds no request from it, so the stage may submit again.
   */
  void clear(String stageInstanceId) {
    jdbc.update("DELETE FROM " + TABLE + " WHERE PROC_INST_ID_ = ?", stageInstanceId);
  }
}
