package dunes.edge.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The edge's lock row over a real database (H2): taken once, renewed by its holder, taken over after its lease. */
class EdgeLocksTest {

  static final String EDGE = "https://vsm.lab.local:8443/edge-1";
  static final Duration LEASE = Duration.ofMinutes(10);

  DataSource database;
  EdgeLocks locks;

  @BeforeEach
  void database() {
    database = new DriverManagerDataSource("jdbc:h2:mem:locks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    locks = locks();
    ClockUtil.setCurrentTime(new java.util.Date(1_800_000_000_000L));
  }

  @AfterEach
  void clock() {
    ClockUtil.reset();
  }

  @Test
  void shouldGiveTheEdgeToOneBuildAndNameItToTheOther() {
    assertThat(locks.tryAcquire(EDGE, "CHG-A", "proc-a")).isEmpty();

    Optional<EdgeLockHolder> refused = locks.tryAcquire(EDGE, "CHG-B", "proc-b");

    assertThat(refused).hasValueSatisfying(holder -> {
      assertThat(holder.ticket()).isEqualTo("CHG-A");
      assertThat(holder.describe()).isEqualTo("build CHG-A (process instance proc-a) holds edge " + EDGE
          + " since 2027-01-15T08:00:00Z, lease until 2027-01-15T08:10:00Z");
    });
    assertThat(rows()).containsExactly("CHG-A");
  }

  @Test
  void shouldRenewTheHoldersLeaseAndKeepItsStart() {
    locks.hold(EDGE, "CHG-A", "proc-a");
    advance(Duration.ofMinutes(8));

    locks.hold(EDGE, "CHG-A", "proc-a2");
    advance(Duration.ofMinutes(8)); // 16 minutes after the start, 8 after the renewal: still held

    assertThat(locks.tryAcquire(EDGE, "CHG-B", "proc-b")).hasValueSatisfying(holder -> {
      assertThat(holder.since()).hasToString("2027-01-15T08:00:00Z");
      assertThat(holder.until()).hasToString("2027-01-15T08:18:00Z");
      assertThat(holder.processInstanceId()).isEqualTo("proc-a2");
    });
  }

  @Test
  void shouldLetAnotherBuildTakeTheEdgeOverOnceACrashedHoldersLeaseRanOut() {
    locks.hold(EDGE, "CHG-CRASHED", "proc-gone"); // and then nothing: its engine node was killed
    advance(LEASE.minusSeconds(1));
    assertThat(locks.tryAcquire(EDGE, "CHG-B", "proc-b")).isPresent();

    advance(Duration.ofSeconds(2));

    assertThat(locks.tryAcquire(EDGE, "CHG-B", "proc-b")).isEmpty();
    assertThat(locks.holder(EDGE)).hasValueSatisfying(holder -> {
      assertThat(holder.ticket()).isEqualTo("CHG-B");
      assertThat(holder.since()).isEqualTo(ClockUtil.getCurrentTime().toInstant());
    });
    // the crashed build, resumed, no longer holds it: its next step stops and names the new holder
    assertThatThrownBy(() -> locks.hold(EDGE, "CHG-CRASHED", "proc-gone")).isInstanceOf(EdgeLockedException.class)
        .hasMessageStartingWith("build CHG-CRASHED cannot change edge " + EDGE + ": build CHG-B");
    locks.release(EDGE, "CHG-CRASHED");
    assertThat(rows()).containsExactly("CHG-B");
  }

  @Test
  void shouldReleaseOnlyTheHoldersOwnRow() {
    locks.hold(EDGE, "CHG-A", "proc-a");
    locks.hold("https://vsm.lab.local:8443/edge-2", "CHG-B", "proc-b");

    locks.release(EDGE, "CHG-B");
    assertThat(rows()).containsExactlyInAnyOrder("CHG-A", "CHG-B");
    locks.release(EDGE, "CHG-A");

    assertThat(rows()).containsExactly("CHG-B");
    assertThat(locks.tryAcquire(EDGE, "CHG-C", "proc-c")).isEmpty();
  }

  @Test
  void shouldLetExactlyOneOfManyBuildsAskingAtOnceTakeTheEdge() throws Exception {
    int builds = 8;
    ExecutorService threads = Executors.newFixedThreadPool(builds);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Optional<EdgeLockHolder>>> answers = new ArrayList<>();
    for (int i = 0; i < builds; i++) {
      String ticket = "CHG-" + i;
      EdgeLocks node = locks(); // each as its own engine node would: its own component over the same database
      answers.add(threads.submit(() -> {
        go.await();
        return node.tryAcquire(EDGE, ticket, "proc-" + ticket);
      }));
    }
    go.countDown();
    List<String> winners = new ArrayList<>();
    List<String> named = new ArrayList<>();
    for (int i = 0; i < builds; i++) {
      Optional<EdgeLockHolder> answer = answers.get(i).get(30, TimeUnit.SECONDS);
      if (answer.isEmpty()) {
        winners.add("CHG-" + i);
      } else {
        named.add(answer.get().ticket());
      }
    }
    threads.shutdown();

    assertThat(winners).hasSize(1);
    assertThat(named).hasSize(builds - 1).containsOnly(winners.get(0));
    assertThat(rows()).containsExactly(winners.get(0));
  }

  @Test
  void shouldNameALockAfterTheManagersAddressAndTheEdge() {
    var target = new dunes.edge.EdgePort.Target("https://VSM.Lab.Local/", "edge-7", "admin",
        new dunes.secrets.SecretRef("vsm-admin"), "AB");

    assertThat(EdgeLocks.key(target)).isEqualTo("https://vsm.lab.local:443/edge-7");
  }

  private EdgeLocks locks() {
    return new EdgeLocks(database, new DataSourceTransactionManager(database),
        new EdgeLockSettings(new EdgeLockSettings.Values(LEASE, Duration.ofSeconds(1), Duration.ofHours(1))));
  }

  private List<String> rows() {
    return new JdbcTemplate(database).queryForList("SELECT TICKET_ID_ FROM DUNES_EDGE_LOCK", String.class);
  }

  private static void advance(Duration by) {
    ClockUtil.setCurrentTime(new java.util.Date(ClockUtil.getCurrentTime().getTime() + by.toMillis()));
  }
}
