package dunes.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dunes.appliance.config.ConfigurationRuns;
import dunes.appliance.shell.NodeRestarts;
import dunes.edge.lock.EdgeLockHolder;
import dunes.edge.lock.EdgeLockSettings;
import dunes.edge.lock.EdgeLocks;
import dunes.build.CancelRegistry;
import dunes.build.DuplicateBuildException;
import dunes.build.TicketRegistry;
import dunes.pki.PresentedCertificates;
import dunes.pki.certsrv.PlainHttpAcceptances;
import dunes.pki.steps.CertificateKind;
import dunes.pki.steps.SubmittedRequests;
import dunes.support.PostgresServer;
import dunes.vsphere.steps.VSphereEffects;
import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dunes's own tables and their concurrency on PostgreSQL, as two engine nodes meet them: each
 * "node" here is its own connection pool on one database.
 */
class PostgresDunesTablesTest {

  private static HikariDataSource nodeA;
  private static HikariDataSource nodeB;
  private static final ExecutorService NODES = Executors.newFixedThreadPool(2);

  /** Per test, not in @BeforeAll: without PostgreSQL each test shows as skipped, with the reason. */
  @BeforeEach
  void database() {
    PostgresServer server = PostgresServer.get();
    if (nodeA != null) {
      return;
    }
    String url = server.freshDatabase("dunes_tables");
    nodeA = PostgresServer.pool(url, 4);
    nodeB = PostgresServer.pool(url, 4);
  }

  @AfterAll
  static void close() {
    NODES.shutdownNow();
    if (nodeA != null) {
      nodeA.close();
      nodeB.close();
    }
  }

  @Test
  void shouldCreateATableOnceWhenTwoNodesCreateItAtTheSameMoment() throws Exception {
    List<Boolean> done = both(
        () -> { DunesTables.createIfMissing(nodeA, "DUNES_RACE", "ID_ VARCHAR(64) NOT NULL PRIMARY KEY"); return true; },
        () -> { DunesTables.createIfMissing(nodeB, "DUNES_RACE", "ID_ VARCHAR(64) NOT NULL PRIMARY KEY"); return true; });
    List<Boolean> added = both(
        () -> { DunesTables.addColumnIfMissing(nodeA, "DUNES_RACE", "NOTE_", "VARCHAR(255)"); return true; },
        () -> { DunesTables.addColumnIfMissing(nodeB, "DUNES_RACE", "NOTE_", "VARCHAR(255)"); return true; });

    assertThat(done).containsExactly(true, true);
    assertThat(added).containsExactly(true, true);
    JdbcTemplate jdbc = new JdbcTemplate(nodeA);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'dunes_race'",
        Integer.class)).isEqualTo(1);
    assertThat(jdbc.queryForList("SELECT column_name FROM information_schema.columns WHERE table_name = 'dunes_race'"
        + " ORDER BY ordinal_position", String.class)).containsExactly("id_", "note_");
    // the unquoted upper-case names of Dunes's SQL reach the folded table
    jdbc.update("INSERT INTO DUNES_RACE (ID_, NOTE_) VALUES ('a', 'b')");
    assertThat(jdbc.queryForObject("SELECT NOTE_ FROM DUNES_RACE WHERE ID_ = 'a'", String.class)).isEqualTo("b");
  }

  @Test
  void shouldCreateTheTableInItsOwnSchemaWhateverOtherSchemasOrLikeNamesHold() {
    JdbcTemplate jdbc = new JdbcTemplate(nodeA);
    jdbc.execute("CREATE SCHEMA IF NOT EXISTS other_dunes");
    jdbc.execute("CREATE TABLE IF NOT EXISTS other_dunes.DUNES_SHADOW (ID_ VARCHAR(64))"); // another installation's
    jdbc.execute("CREATE TABLE IF NOT EXISTS DUNESXWILD (ID_ VARCHAR(64))"); // '_' must not match any character

    DunesTables.createIfMissing(nodeA, "DUNES_SHADOW", "ID_ VARCHAR(64) NOT NULL PRIMARY KEY, OWN_ VARCHAR(8)");
    DunesTables.createIfMissing(nodeA, "DUNES_WILD", "ID_ VARCHAR(64) NOT NULL PRIMARY KEY");
    DunesTables.addColumnIfMissing(nodeA, "DUNES_WILD", "NOTE_", "VARCHAR(8)");

    assertThat(jdbc.queryForList("SELECT table_schema FROM information_schema.tables WHERE table_name = 'dunes_shadow'"
        + " ORDER BY table_schema", String.class)).containsExactly("other_dunes", "public");
    jdbc.update("INSERT INTO DUNES_SHADOW (ID_, OWN_) VALUES ('mine', 'yes')");
    jdbc.update("INSERT INTO DUNES_WILD (ID_, NOTE_) VALUES ('w', 'n')");
    assertThat(jdbc.queryForObject("SELECT NOTE_ FROM DUNES_WILD", String.class)).isEqualTo("n");
  }

  @Test
  void shouldWriteAndReadDunesTablesOnPostgres() {
    PresentedCertificates presented = new PresentedCertificates(nodeA);
    SubmittedRequests submitted = new SubmittedRequests(nodeA, null, null);
    ConfigurationRuns runs = new ConfigurationRuns(nodeA);
    PlainHttpAcceptances acceptances = new PlainHttpAcceptances(nodeA);

    presented.record("pi-1", "vcenter.lab.local:443", "AB:CD", Instant.ofEpochMilli(1_700_000_000_123L));
    presented.record("pi-1", "vcenter.lab.local:443", "EF:01", Instant.ofEpochMilli(1_700_000_000_456L));
    submitted.record("stage-1", "certificates-1", "CHG-PG-T", CertificateKind.CLIENT_SSL, 4_294_967_296L); // above INTEGER: BIGINT holds it
    runs.pending("vco-1", "wf-1", "digest-1");
    runs.started("vco-1", "wf-1", "digest-1", "https://vco-1/executions/1");
    runs.completedByHref("https://vco-1/executions/1");

    assertThat(presented.find("pi-1")).get().extracting(PresentedCertificates.Presented::fingerprint,
        PresentedCertificates.Presented::readAt).containsExactly("EF:01", Instant.ofEpochMilli(1_700_000_000_456L));
    assertThat(submitted.find("stage-1")).hasValue(4_294_967_296L);
    assertThat(submitted.ofCaller("certificates-1")).containsExactly(java.util.Map.entry(CertificateKind.CLIENT_SSL, 4_294_967_296L));
    assertThat(runs.find("vco-1", "wf-1", "digest-1")).get().extracting(ConfigurationRuns.Run::state)
        .isEqualTo(ConfigurationRuns.State.COMPLETED);
    assertThat(acceptances.find("CHG-PG-T", URI.create("http://ca.lab.local/certsrv"))).isEmpty();
    assertThat(new JdbcTemplate(nodeB).queryForList("SELECT table_name FROM information_schema.tables"
        + " WHERE table_name LIKE 'dunes\\_%'", String.class)).contains("dunes_presented_certificate",
        "dunes_ca_request", "dunes_vco_run", "dunes_plain_http_acceptance");
  }

  @Test
  void shouldTranslateAUniqueViolationToDuplicateKeyException() {
    DunesTables.createIfMissing(nodeA, "DUNES_DUP", "ID_ VARCHAR(64) NOT NULL PRIMARY KEY");
    JdbcTemplate jdbc = new JdbcTemplate(nodeA);
    jdbc.update("INSERT INTO DUNES_DUP (ID_) VALUES ('x')");

    assertThatThrownBy(() -> new JdbcTemplate(nodeB).update("INSERT INTO DUNES_DUP (ID_) VALUES ('x')"))
        .isInstanceOf(DuplicateKeyException.class).hasMessageContaining("duplicate key value");
  }

  @Test
  void shouldGiveATicketToOneBuildWhenTwoNodesClaimItAtOnce() throws Exception {
    TicketRegistry onA = new TicketRegistry(nodeA, savepoints(nodeA));
    TicketRegistry onB = new TicketRegistry(nodeB, savepoints(nodeB));
    AtomicInteger refused = new AtomicInteger();
    for (int round = 0; round < 20; round++) {
      String ticket = "CHG-PG-" + round;
      both(() -> claim(nodeA, onA, ticket, "build-a-" + ticket, refused),
          () -> claim(nodeB, onB, ticket, "build-b-" + ticket, refused));
      assertThat(new JdbcTemplate(nodeA).queryForObject("SELECT COUNT(*) FROM DUNES_TICKET WHERE TICKET_ID_ = ?",
          Integer.class, ticket)).isEqualTo(1);
    }
    assertThat(refused).hasValue(20);
  }

  @Test
  void shouldKeepTheCancelsTransactionAliveWhenAnotherNodesCancelOfTheTicketCommitsFirst() throws Exception {
    CancelRegistry onA = new CancelRegistry(nodeA, savepoints(nodeA));
    DunesTables.createIfMissing(nodeA, "DUNES_AFTER", "ID_ VARCHAR(64) NOT NULL PRIMARY KEY");
    TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(nodeA));
    CountDownLatch insertedByB = new CountDownLatch(1);
    CountDownLatch aWaits = new CountDownLatch(1);
    // node B inserts the ticket's cancel and commits only once node A's INSERT waits on its key
    Future<?> b = NODES.submit(() -> {
      try (Connection connection = nodeB.getConnection()) {
        connection.setAutoCommit(false);
        connection.createStatement().execute("INSERT INTO DUNES_CANCEL (TICKET_ID_, REQUESTED_BY_, REQUESTED_AT_)"
            + " VALUES ('CHG-CANCEL-1', 'bob', 1)");
        insertedByB.countDown();
        aWaits.await(30, TimeUnit.SECONDS);
        Thread.sleep(500); // A is inside its INSERT now, blocked on B's uncommitted key
        connection.commit();
      }
      return null;
    });
    insertedByB.await(30, TimeUnit.SECONDS);

    CancelRegistry.Cancellation recorded = transaction.execute(status -> {
      aWaits.countDown();
      CancelRegistry.Cancellation cancellation = onA.record("CHG-CANCEL-1", "alice");
      // without the savepoint PostgreSQL refuses every further statement of this transaction
      new JdbcTemplate(nodeA).update("INSERT INTO DUNES_AFTER (ID_) VALUES ('after-cancel')");
      return cancellation;
    });
    b.get(30, TimeUnit.SECONDS);

    assertThat(recorded.requestedBy()).isEqualTo("bob");
    assertThat(new JdbcTemplate(nodeB).queryForList("SELECT ID_ FROM DUNES_AFTER", String.class))
        .containsExactly("after-cancel");
  }

  @Test
  void shouldLetOneNodeBeginAVSphereEffectWhenTwoBeginItAtOnce() throws Exception {
    VSphereEffects onA = new VSphereEffects(nodeA);
    VSphereEffects onB = new VSphereEffects(nodeB);
    int won = 0;
    for (int round = 0; round < 20; round++) {
      String build = "CHG-PG-EFFECT-" + round;
      List<Boolean> begun = both(() -> onA.begin(build, "clone:vcvco2", Optional.empty()).isPresent(),
          () -> onB.begin(build, "clone:vcvco2", Optional.empty()).isPresent());
      assertThat(begun).as("round " + round).containsOnlyOnce(true);
      won++;
      VSphereEffects.Effect first = onA.find(build, "clone:vcvco2").orElseThrow();
      // a retry that read the row as it was supersedes it once; a second with the same stale read is refused
      List<Boolean> again = both(() -> onA.begin(build, "clone:vcvco2", Optional.of(first)).isPresent(),
          () -> onB.begin(build, "clone:vcvco2", Optional.of(first)).isPresent());
      assertThat(again).as("round " + round).containsOnlyOnce(true);
      assertThat(onB.find(build, "clone:vcvco2").orElseThrow().attempt()).isEqualTo(2);
    }
    assertThat(won).isEqualTo(20);
  }

  @Test
  void shouldGiveAnEdgeToOneBuildWhenTwoNodesAskAtOnce() throws Exception {
    EdgeLockSettings settings = new EdgeLockSettings(new EdgeLockSettings.Values(Duration.ofMinutes(5),
        Duration.ofSeconds(1), Duration.ofMinutes(1)));
    EdgeLocks onA = new EdgeLocks(nodeA, new DataSourceTransactionManager(nodeA), settings);
    EdgeLocks onB = new EdgeLocks(nodeB, new DataSourceTransactionManager(nodeB), settings);
    for (int round = 0; round < 20; round++) {
      String edge = "https://vsm.lab.local/edge-pg-" + round;
      List<Optional<EdgeLockHolder>> asked = both(() -> onA.tryAcquire(edge, "CHG-A", "pi-a"),
          () -> onB.tryAcquire(edge, "CHG-B", "pi-b"));

      assertThat(asked).as("round " + round).filteredOn(Optional::isEmpty).hasSize(1);
      String winner = onA.holder(edge).orElseThrow().ticket();
      assertThat(asked).filteredOn(Optional::isPresent).extracting(o -> o.get().ticket()).containsExactly(winner);
      (winner.equals("CHG-A") ? onB : onA).release(edge, winner.equals("CHG-A") ? "CHG-B" : "CHG-A");
      assertThat(onB.holder(edge).orElseThrow().ticket()).as("a loser's release leaves the hold").isEqualTo(winner);
    }
  }

  @Test
  void shouldDecideARestartFromChangesAndRestartsEitherNodeRecorded() {
    NodeRestarts onA = new NodeRestarts(nodeA, new DataSourceTransactionManager(nodeA));
    NodeRestarts onB = new NodeRestarts(nodeB, new DataSourceTransactionManager(nodeB));

    onA.markChange("127.0.55.91");
    assertThat(onB.changedSinceLastRestart("127.0.55.91")).isTrue();
    onB.markRestart("stage-pg", "Task_RestartService", "127.0.55.91");
    assertThat(onA.changedSinceLastRestart("127.0.55.91")).isFalse();
    assertThat(onA.issued("stage-pg", "Task_RestartService")).isTrue();
    onA.withdrawChange(onA.markChange("127.0.55.91"));
    assertThat(onB.changedSinceLastRestart("127.0.55.91")).as("a withdrawn mark announces nothing").isFalse();
  }

  @Test
  void shouldRunASetupOnceAtATimeWhenTwoNodesStartTogether() throws Exception {
    SetupLock lockA = new SetupLock(nodeA, new DataSourceTransactionManager(nodeA));
    SetupLock lockB = new SetupLock(nodeB, new DataSourceTransactionManager(nodeB));
    DunesTables.createIfMissing(nodeA, "DUNES_GROUPS_PROBE", "ID_ VARCHAR(64) NOT NULL PRIMARY KEY");
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();

    both(() -> setup(lockA, nodeA, inside, overlaps), () -> setup(lockB, nodeB, inside, overlaps));

    // check-then-insert, the way IdentitySetup converges: without the lock both would insert, one would fail
    assertThat(new JdbcTemplate(nodeA).queryForList("SELECT ID_ FROM DUNES_GROUPS_PROBE", String.class))
        .containsExactly("vco-operators");
    assertThat(overlaps).hasValue(0);
  }

  @Test
  void shouldNameAStuckNodeInsteadOfWaitingForeverForItsSetupRow() throws Exception {
    SetupLock lockB = new SetupLock(nodeB, new DataSourceTransactionManager(nodeB), Duration.ofSeconds(2));
    SetupLock.ensureRow(new JdbcTemplate(nodeA), "probe-stuck");
    AtomicInteger ran = new AtomicInteger();
    try (Connection stuck = nodeA.getConnection()) {
      stuck.setAutoCommit(false);
      stuck.createStatement().execute("UPDATE DUNES_SETUP SET LOCKED_ = 1 WHERE NAME_ = 'probe-stuck'"); // never commits
      long started = System.nanoTime();

      assertThatThrownBy(() -> lockB.run("probe-stuck", ran::incrementAndGet))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("'probe-stuck' waited PT2S for another engine node holding DUNES_SETUP row 'probe-stuck'; is one stuck?");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
      stuck.rollback();
    }
    assertThat(ran).hasValue(0);
  }

  private static boolean setup(SetupLock lock, HikariDataSource node, AtomicInteger inside, AtomicInteger overlaps) {
    lock.run("probe-groups", () -> {
      if (inside.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      JdbcTemplate jdbc = new JdbcTemplate(node);
      if (jdbc.queryForObject("SELECT COUNT(*) FROM DUNES_GROUPS_PROBE WHERE ID_ = 'vco-operators'", Integer.class) == 0) {
        try {
          Thread.sleep(300); // a slow setup: the other node arrives meanwhile
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        jdbc.update("INSERT INTO DUNES_GROUPS_PROBE (ID_) VALUES ('vco-operators')");
      }
      inside.decrementAndGet();
    });
    return true;
  }

  /** In a transaction, as the engine claims while it starts a build; the loser reads who won in it. */
  private static boolean claim(HikariDataSource node, TicketRegistry registry, String ticket, String build,
      AtomicInteger refused) {
    try {
      new TransactionTemplate(new DataSourceTransactionManager(node))
          .executeWithoutResult(status -> registry.claim(ticket, build, "olga"));
    } catch (DuplicateBuildException e) {
      assertThat(e.getMessage()).contains("build-");
      refused.incrementAndGet();
    }
    return true;
  }

  private static <T> List<T> both(Callable<T> a, Callable<T> b) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> node : List.of(a, b)) {
      futures.add(NODES.submit(() -> {
        go.await();
        return node.call();
      }));
    }
    go.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get(60, TimeUnit.SECONDS));
    }
    return results;
  }

  private static SavepointInsert savepoints(HikariDataSource node) {
    return new SavepointInsert(node, new DataSourceTransactionManager(node));
  }

}
