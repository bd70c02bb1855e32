package dunes.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL cluster for the tests, made from Debian's {@code postgresql} package
 * (initdb and pg_ctl) under {@code target/postgres} (as root {@code /tmp/dunes-test-postgres}), listening on 127.0.55.1:55432 only. It is
 * started once per JVM and stopped when that JVM ends; one found running (left by a killed JVM, or
 * used by another test run at the same moment) is used as it is and left running. Without the package the PostgreSQL tests are skipped with the reason, unless the
 * environment says {@code DUNES_TEST_POSTGRES=required} (as {@code .ci/run} does): then they fail.
 */
public final class PostgresServer {

  public static final String HOST = "127.0.55.1";
  public static final int PORT = 55432;
  public static final String USER = "dunes";
  /** A test cluster's only password: it listens on one loopback address and lives under target/. */
  public static final String PASSWORD = "dunes-test-only";
  /**
   * Under target/, except as root: then the package's postgres user runs the cluster, and a
   * checkout under a folder closed to others (as /root is) would keep it out, so /tmp holds it.
   */
  private static final Path DATA = isRoot() ? Path.of(System.getProperty("java.io.tmpdir"), "dunes-test-postgres")
      : Path.of("target", "postgres").toAbsolutePath();
  private static final Path COMMANDS_LOG = Path.of("target", "postgres-commands.log").toAbsolutePath();
  private static final String INSTALL = "install Debian's PostgreSQL with `apt-get install -y postgresql`"
      + " (docs/operations.md, \"Production topology\")";

  private static PostgresServer started;
  private static String unavailable;

  private final Path bin;

  private PostgresServer(Path bin) {
    this.bin = bin;
  }

  /** The running server; skips (or, where required, fails) the calling test when none can be had. */
  public static synchronized PostgresServer get() {
    if (started == null && unavailable == null) {
      try {
        PostgresServer server = new PostgresServer(binaries().orElseThrow(
            () -> new IllegalStateException("no initdb/pg_ctl found (PATH, /usr/lib/postgresql/*/bin)")));
        server.start();
        started = server;
      } catch (Exception e) {
        unavailable = e.toString();
      }
    }
    if (started == null) {
      String reason = "PostgreSQL tests need a local PostgreSQL server and none could be started: " + unavailable
          + "; " + INSTALL;
      if ("required".equals(System.getenv("DUNES_TEST_POSTGRES"))) {
        Assertions.fail(reason);
      }
      Assumptions.abort(reason);
    }
    return started;
  }

  /** A connection pool of at most {@code size} connections to {@code url} as the test user. */
  public static com.zaxxer.hikari.HikariDataSource pool(String url, int size) {
    com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setUsername(USER);
    pool.setPassword(PASSWORD);
    pool.setMaximumPoolSize(size);
    return pool;
  }

  /** Spring's datasource properties for an engine node on {@code url} as the test user. */
  public static java.util.Map<String, String> datasource(String url) {
    return java.util.Map.of("spring.datasource.url", url, "spring.datasource.username", USER,
        "spring.datasource.password", PASSWORD);
  }

  /** A new, empty database {@code name} (dropped first if an earlier run left it). */
  public String freshDatabase(String name) {
    try (Connection admin = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
        Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      sql.execute("CREATE DATABASE " + name + " ENCODING 'UTF8'");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
  }

  private void start() throws IOException, InterruptedException {
    // a server found running was left by a JVM killed before its shutdown hook, or another test run
    // uses it now: it serves as well, and stays running for that run (only the JVM that started it stops it)
    if (Files.exists(DATA) && run(pgCtl("status")) == 0) {
      return;
    }
    if (!Files.exists(DATA.resolve("PG_VERSION"))) {
      initdb();
    }
    List<String> start = pgCtl("start");
    start.addAll(List.of("-w", "-t", "60", "-l", DATA.resolve("server.log").toString(), "-o",
        "-c listen_addresses=" + HOST + " -p " + PORT + " -k " + DATA + " -c max_connections=200"
            // a throw-away cluster: durability buys nothing here and costs the tests seconds
            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"));
    if (run(start) != 0) {
      throw new IllegalStateException("pg_ctl start failed; see " + DATA.resolve("server.log"));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        List<String> stop = pgCtl("stop");
        stop.addAll(List.of("-m", "fast"));
        run(stop);
      } catch (Exception e) {
        // the JVM is ending: the next start finds the server running or stopped either way
      }
    }));
  }

  private void initdb() throws IOException, InterruptedException {
    Files.createDirectories(DATA);
    Path passwordFile = Files.createTempFile(DATA.getParent(), "postgres", ".pw");
    Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
    try {
      if (isRoot()) { // PostgreSQL refuses to run as root: the package's postgres user owns the cluster
        run(List.of("chown", "postgres:postgres", DATA.toString(), passwordFile.toString()));
      }
      List<String> command = asOwner(bin.resolve("initdb").toString(), "-D", DATA.toString(), "-U", USER,
          "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale");
      if (run(command) != 0) {
        throw new IllegalStateException("initdb failed for " + DATA);
      }
    } finally {
      Files.deleteIfExists(passwordFile);
    }
  }

  private List<String> pgCtl(String action) {
    return asOwner(bin.resolve("pg_ctl").toString(), action, "-D", DATA.toString());
  }

  private static List<String> asOwner(String... command) {
    List<String> line = new ArrayList<>();
    if (isRoot()) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.addAll(List.of(command));
    return line;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int run(List<String> command) throws IOException, InterruptedException {
    Files.createDirectories(COMMANDS_LOG.getParent());
    Process process = new ProcessBuilder(command).directory(DATA.getParent().toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(COMMANDS_LOG.toFile())).start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not end within 90 s");
    }
    return process.exitValue();
  }

  /** initdb and pg_ctl on the PATH, else the newest of Debian's /usr/lib/postgresql/N/bin. */
  private static Optional<Path> binaries() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path initdb = Path.of(dir, "initdb");
      if (!dir.isEmpty() && Files.isExecutable(initdb) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
        return Optional.of(initdb.toRealPath().getParent());
      }
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(debian)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(debian)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> versionOf(b.getParent())));
    }
  }

  private static int versionOf(Path versionDir) {
    try {
      return Integer.parseInt(versionDir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
