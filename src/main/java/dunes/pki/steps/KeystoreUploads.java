package dunes.pki.steps;

import dunes.appliance.shell.NodeShellPort;
import dunes.engine.DunesTables;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A file on a node replaced at most once per step: before the upload, the SHA-256 of the file as
 * found and of what replaces it commit in a transaction of their own (DUNES_NODE_UPLOAD, one row per
 * stage instance, activity and path). A retry of a job that died after the upload finds the node's
 * file equal to the recorded result and does nothing, instead of computing a change again (a new
 * key, a new install). The upload itself is atomic ({@link NodeShellPort#upload}: a temporary name,
 * then a rename), so the node holds either the old file or the new one.
 */
@Component
public class KeystoreUploads {

  static final String TABLE = "DUNES_NODE_UPLOAD";
  private static final Logger LOG = LoggerFactory.getLogger(KeystoreUploads.class);

  private final NodeShellPort shell;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;

  public KeystoreUploads(NodeShellPort shell, DataSource dataSource, PlatformTransactionManager transactions) {
    this.shell = shell;
    this.jdbc = new JdbcTemplate(dataSource);
    this.ownTransaction = DunesTables.ownTransaction(transactions);
    DunesTables.createIfMissing(dataSource, TABLE, "PROC_INST_ID_ VARCHAR(64) NOT NULL, ACT_ID_ VARCHAR(255) NOT NULL,"
        + " PATH_ VARCHAR(255) NOT NULL, HOST_ VARCHAR(255) NOT NULL, BEFORE_SHA256_ VARCHAR(64) NOT NULL,"
        + " AFTER_SHA256_ VARCHAR(64) NOT NULL, STARTED_ BIGINT NOT NULL, PRIMARY KEY (PROC_INST_ID_, ACT_ID_, PATH_)");
  }

  /**
   * The file {@code path} on {@code node} as {@code change} makes it from what the node holds now,
   * uploaded unless the node already holds this step's recorded result or {@code change} keeps it.
   *
   * @return the bytes the node holds afterwards
   */
  public byte[] replaceOnce(DelegateExecution execution, NodeShellPort.Target node, String path,
      UnaryOperator<byte[]> change) {
    byte[] current = shell.download(node, path);
    String found = sha256(current);
    List<String> recorded = jdbc.queryForList("SELECT AFTER_SHA256_ FROM " + TABLE
        + " WHERE PROC_INST_ID_ = ? AND ACT_ID_ = ? AND PATH_ = ?", String.class,
        execution.getProcessInstanceId(), execution.getCurrentActivityId(), path);
    if (recorded.contains(found)) {
      LOG.info("{} on {} is already what {} uploaded (SHA-256 {}): not uploaded again", path, node,
          execution.getCurrentActivityId(), found);
      return current;
    }
    byte[] next = change.apply(current);
    if (Arrays.equals(next, current)) {
      return current;
    }
    mark(execution, node, path, found, sha256(next));
    shell.upload(node, path, next);
    return next;
  }

  private void mark(DelegateExecution execution, NodeShellPort.Target node, String path, String before, String after) {
    ownTransaction.executeWithoutResult(status -> {
      jdbc.update("DELETE FROM " + TABLE + " WHERE PROC_INST_ID_ = ? AND ACT_ID_ = ? AND PATH_ = ?",
          execution.getProcessInstanceId(), execution.getCurrentActivityId(), path);
      jdbc.update("INSERT INTO " + TABLE + " (PROC_INST_ID_, ACT_ID_, PATH_, HOST_, BEFORE_SHA256_, AFTER_SHA256_,"
          + " STARTED_) VALUES (?, ?, ?, ?, ?, ?, ?)", execution.getProcessInstanceId(),
          execution.getCurrentActivityId(), path, node.host(), before, after, Instant.now().toEpochMilli());
    });
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JDK", e);
    }
  }
}
