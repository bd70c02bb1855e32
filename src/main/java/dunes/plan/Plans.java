package dunes.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dunes.engine.DunesTables;
import dunes.engine.SavepointInsert;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The plans Dunes showed, who approved each and when, and the fingerprints an approval pinned:
 * tables of Dunes's own, keyed by the build's business key (one build per ticket). Every trust
 * decision that rests on a plan reads these rows, never a process variable, which operators may
 * write.
 */
@Component
public class Plans {

  static final String PLAN = "DUNES_PLAN";
  static final String PIN = "DUNES_PLAN_PIN";
  /** A pin the approval took from the preflight report: an existing endpoint. */
  public static final String FROM_PLAN = "plan";
  /** A pin of what a new appliance presented at first contact, which the approval covers. */
  public static final String FIRST_CONTACT = "first-contact";

  /** Field order as declared, so the same plan is the same text. */
  static final ObjectMapper JSON = JsonMapper.builder().build();

  /** A stored plan; {@code approvedBy} and {@code approvedAt} are null until it is approved. */
  public record StoredPlan(String build, String processInstanceId, BuildPlan plan, String json, Instant createdAt,
      String approvedBy, Instant approvedAt) {
    public boolean approved() {
      return approvedBy != null;
    }
  }

  /** A fingerprint Dunes trusts for {@code endpoint} in a build, and why. */
  public record Pin(String endpoint, String fingerprint, String source, Instant pinnedAt) {}

  private final JdbcTemplate jdbc;
  private final SavepointInsert insert;

  public Plans(DataSource dataSource, SavepointInsert insert) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.insert = insert;
    DunesTables.createIfMissing(dataSource, PLAN, "BUILD_KEY_ VARCHAR(64) NOT NULL PRIMARY KEY,"
        + " PROC_INST_ID_ VARCHAR(64) NOT NULL, PLAN_ " + DunesTables.largeText(dataSource) + " NOT NULL,"
        + " CREATED_ BIGINT NOT NULL, APPROVED_BY_ VARCHAR(255), APPROVED_ BIGINT");
    DunesTables.createIfMissing(dataSource, PIN, "BUILD_KEY_ VARCHAR(64) NOT NULL, ENDPOINT_ VARCHAR(512) NOT NULL,"
        + " FINGERPRINT_ VARCHAR(255) NOT NULL, SOURCE_ VARCHAR(32) NOT NULL, PINNED_ BIGINT NOT NULL,"
        + " PRIMARY KEY (BUILD_KEY_, ENDPOINT_)");
  }

  public static String json(BuildPlan plan) {
    try {
      return JSON.writeValueAsString(plan);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the plan of " + plan.ticket(), e);
    }
  }

  static BuildPlan parse(String json) {
    try {
      return JSON.readValue(json, BuildPlan.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored plan is unreadable: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Stores the plan of build {@code build}; storing it again (a retried step) replaces it while it
   * is not approved. An approved plan stays as approved.
   */
  public void store(String build, String processInstanceId, BuildPlan plan, Instant at) {
    if (find(build).filter(StoredPlan::approved).isPresent()) {
      return;
    }
    jdbc.update("DELETE FROM " + PLAN + " WHERE BUILD_KEY_ = ?", build);
    jdbc.update("INSERT INTO " + PLAN + " (BUILD_KEY_, PROC_INST_ID_, PLAN_, CREATED_) VALUES (?, ?, ?, ?)", build,
        processInstanceId, json(plan), at.toEpochMilli());
  }

  public Optional<StoredPlan> find(String build) {
    if (build == null) {
      return Optional.empty();
    }
    return jdbc.query("SELECT PROC_INST_ID_, PLAN_, CREATED_, APPROVED_BY_, APPROVED_ FROM " + PLAN
        + " WHERE BUILD_KEY_ = ?", (row, n) -> {
          String json = row.getString(2);
          Instant created = Instant.ofEpochMilli(row.getLong(3));
          String approvedBy = row.getString(4);
          long approved = row.getLong(5);
          return new StoredPlan(build, row.getString(1), parse(json), json, created, approvedBy,
              row.wasNull() ? null : Instant.ofEpochMilli(approved));
        }, build).stream().findFirst();
  }

  /** The approved plan of {@code build}, if there is one. */
  public Optional<StoredPlan> approved(String build) {
    return find(build).filter(StoredPlan::approved);
  }

  /**
   * Records {@code user}'s approval of the stored plan at {@code at} and pins {@code pins}
   * (endpoint → fingerprint) in the same transaction; a plan approved already stays as it was.
   */
  void approve(String build, String user, Instant at, Map<String, String> pins) {
    int updated = jdbc.update("UPDATE " + PLAN + " SET APPROVED_BY_ = ?, APPROVED_ = ? WHERE BUILD_KEY_ = ?"
        + " AND APPROVED_BY_ IS NULL", user, at.toEpochMilli(), build);
    if (updated == 0) {
      if (find(build).isEmpty()) {
        throw new IllegalStateException("build " + build + " has no stored plan to approve");
      }
      return;
    }
    pins.forEach((endpoint, fingerprint) -> insert.inserted("INSERT INTO " + PIN
        + " (BUILD_KEY_, ENDPOINT_, FINGERPRINT_, SOURCE_, PINNED_) VALUES (?, ?, ?, ?, ?)", build, endpoint,
        fingerprint, FROM_PLAN, at.toEpochMilli()));
  }

  public Optional<Pin> pin(String build, String endpoint) {
    return jdbc.query("SELECT FINGERPRINT_, SOURCE_, PINNED_ FROM " + PIN + " WHERE BUILD_KEY_ = ? AND ENDPOINT_ = ?",
        (row, n) -> new Pin(endpoint, row.getString(1), row.getString(2), Instant.ofEpochMilli(row.getLong(3))),
        build, endpoint).stream().findFirst();
  }

  /** Every pin of {@code build}, by endpoint. */
  public List<Pin> pins(String build) {
    return jdbc.query("SELECT ENDPOINT_, FINGERPRINT_, SOURCE_, PINNED_ FROM " + PIN
        + " WHERE BUILD_KEY_ = ? ORDER BY ENDPOINT_", (row, n) -> new Pin(row.getString(1), row.getString(2),
        row.getString(3), Instant.ofEpochMilli(row.getLong(4))), build);
  }

  /**
   * Pins what {@code endpoint} presented at first contact; when another read pinned it first (a
   * race between engine nodes), that pin stands and is returned.
   */
  Pin pinFirstContact(String build, String endpoint, String fingerprint, Instant at) {
    insert.inserted("INSERT INTO " + PIN + " (BUILD_KEY_, ENDPOINT_, FINGERPRINT_, SOURCE_, PINNED_) VALUES (?, ?, ?, ?, ?)",
        build, endpoint, fingerprint, FIRST_CONTACT, at.toEpochMilli());
    return pin(build, endpoint).orElseThrow();
  }
}
