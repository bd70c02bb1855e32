package dunes.pki.certsrv;

import dunes.engine.DunesTables;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import dunes.engine.SavepointInsert;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;

/**
 * Who accepted that a build talks to its CA over plain HTTP, and for which URL: written only by
 * {@link PlainHttpAcceptanceListener} while an authenticated person completes the acceptance task,
 * read by {@link HttpCertsrvClient} before any http call. A table of Dunes's own, not a process
 * variable: operators may write variables (Tasklist, REST), so none may decide this.
 */
@Component
public class PlainHttpAcceptances {

  static final String TABLE = "DUNES_PLAIN_HTTP_ACCEPTANCE";

  /** One person's acceptance of plain HTTP to {@code url} for build {@code build}. */
  public record Acceptance(String build, String url, String acceptedBy, Instant acceptedAt) {}

  private final JdbcTemplate jdbc;
  private final SavepointInsert insert;

  /** Outside Spring (tests): its own transactions on {@code dataSource}. */
  public PlainHttpAcceptances(DataSource dataSource) {
    this(dataSource, new SavepointInsert(dataSource, new DataSourceTransactionManager(dataSource)));
  }

  @Autowired
  public PlainHttpAcceptances(DataSource dataSource, SavepointInsert insert) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.insert = insert;
    DunesTables.createIfMissing(dataSource, TABLE, "BUILD_KEY_ VARCHAR(64) NOT NULL, CA_URL_ VARCHAR(512) NOT NULL, ACCEPTED_BY_ VARCHAR(255) NOT NULL,"
            + " ACCEPTED_ BIGINT NOT NULL, PRIMARY KEY (BUILD_KEY_, CA_URL_)");
  }

  /** Records the first acceptance; a second one for the same build and URL keeps the first. */
  void record(String build, URI url, String acceptedBy, Instant at) {
    if (find(build, url).isPresent()) {
      return;
    }
    // inside the task completion's transaction: another engine node's acceptance a moment earlier
    // stands, and on PostgreSQL only a savepoint keeps the completion's transaction alive after the clash
    insert.inserted("INSERT INTO " + TABLE + " (BUILD_KEY_, CA_URL_, ACCEPTED_BY_, ACCEPTED_) VALUES (?, ?, ?, ?)",
        build, key(url), acceptedBy, at.toEpochMilli());
  }

  public Optional<Acceptance> find(String build, URI url) {
    return jdbc.query("SELECT ACCEPTED_BY_, ACCEPTED_ FROM " + TABLE + " WHERE BUILD_KEY_ = ? AND CA_URL_ = ?",
        (row, n) -> new Acceptance(build, key(url), row.getString(1), Instant.ofEpochMilli(row.getLong(2))),
        build, key(url)).stream().findFirst();
  }

  /** The URL as compared: scheme and host in lower case, no trailing slash. */
  static String key(URI url) {
    String text = url.normalize().toString().replaceAll("/+$", "");
    int authorityEnd = text.indexOf('/', text.indexOf("//") + 2);
    return authorityEnd < 0 ? text.toLowerCase(Locale.ROOT)
        : text.substring(0, authorityEnd).toLowerCase(Locale.ROOT) + text.substring(authorityEnd);
  }

}
