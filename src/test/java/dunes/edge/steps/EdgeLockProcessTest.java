package dunes.edge.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.edge.EdgeOwners;
import dunes.edge.EdgeTestLab;
import dunes.edge.LoadBalancedPorts;
import dunes.edge.lock.EdgeLockSettings;
import dunes.edge.lock.EdgeLocks;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Pool;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import dunes.support.StageCaller;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The LoadBalancer stage of two builds on one lab edge (manager 127.0.54.30; build A's virtual IP
 * 127.0.54.10 and nodes .11/.12, build B's .20 and .21/.22), each started the way a build starts it
 * ({@link StageCaller}), their jobs interleaved as two job executors would run them: the second
 * build waits at its timer, naming the holder, and takes the edge when the first gives it up; both
 * builds' pools and virtual servers stay. A holder that crashed keeps the edge only until its lease
 * runs out; a pool of the build's name that is not the build's ends the stage with EdgeConflict.
 */
class EdgeLockProcessTest extends DunesIntegrationTest {

  static final String API = "127.0.54.30";

  @Autowired SecretStore secrets;
  @Autowired EdgeLocks locks;
  @Autowired EdgeLockSettings settings;
  EdgeTestLab lab;

  @BeforeEach
  void edge() {
    lab = new EdgeTestLab(API, null, secrets.resolve(new SecretRef("vsm-admin")).revealAsString());
  }

  @AfterEach
  void close() {
    ClockUtil.reset();
    lab.close();
  }

  @Test
  void shouldLetTwoBuildsTakeTurnsOnOneEdgeAndKeepBothBuildsObjects() {
    String ticketA = ExampleRequest.newTicket();
    String ticketB = ExampleRequest.newTicket();
    String stageA = stage(ticketA, "vcvcoa", "127.0.54.10", "127.0.54.11", "127.0.54.12");
    String stageB = stage(ticketB, "vcvcob", "127.0.54.20", "127.0.54.21", "127.0.54.22");

    runOne(stageA, "Task_AcquireEdgeLock");
    runOne(stageB, "Task_AcquireEdgeLock");
    assertThat(waitingAt(stageB)).isEqualTo("TimerEvent_WaitForEdge");
    assertThat((String) engine.getRuntimeService().getVariable(stageB, EdgeVariables.LOCK_HOLDER))
        .startsWith("build " + ticketA + " (process instance " + stageA + ") holds edge " + key());
    runOne(stageA, "Task_AddVirtualIp");
    runOne(stageA, "Task_EnableLoadBalancer");
    fireTimer(stageB); // looks again while A is half-way: still held
    runOne(stageB, "Task_AcquireEdgeLock");
    assertThat(waitingAt(stageB)).isEqualTo("TimerEvent_WaitForEdge");
    runJobs(stageA);
    assertThat(locks.holder(key())).as("A gave the edge up at its end").isEmpty();
    fireTimer(stageB);
    runJobs(stageB);

    assertThat(ended(stageA)).contains("Task_ReleaseEdgeLock", "EndEvent_LoadBalancer");
    assertThat(ended(stageB)).contains("Task_ReleaseEdgeLock", "EndEvent_LoadBalancer")
        .filteredOn("TimerEvent_WaitForEdge"::equals).hasSize(2);
    assertThat(holderAsCockpitShowedIt(stageB)).allSatisfy(text -> assertThat(text).contains("build " + ticketA));
    LoadBalancer config = lab.client().config(lab.target());
    assertThat(config.pools).extracting(p -> p.name + " " + p.description).containsExactly(
        "vcvcoa-8281 Dunes build " + ticketA, "vcvcoa-8286 Dunes build " + ticketA, "vcvcoa-8287 Dunes build " + ticketA,
        "vcvcob-8281 Dunes build " + ticketB, "vcvcob-8286 Dunes build " + ticketB, "vcvcob-8287 Dunes build " + ticketB);
    assertThat(config.virtualServers).extracting(v -> v.name).containsExactly("vcvcoa-8281-vip", "vcvcoa-8286-vip",
        "vcvcoa-8287-vip", "vcvcob-8281-vip", "vcvcob-8286-vip", "vcvcob-8287-vip");
    assertThat(lab.client().vnicXml(lab.target(), 0)).contains("127.0.54.10", "127.0.54.20");
    assertThat(lab.edge.listening()).hasSize(6);
    assertThat(lab.count("update-vnic")).isEqualTo(2);
    assertThat(lab.count("add-pool")).isEqualTo(6);
    assertThat(lab.count("add-virtual-server")).isEqualTo(6);
    assertThat(lab.count("put-config")).as("enabled once, by A").isEqualTo(1);
  }

  @Test
  void shouldWakeOnlyTheBuildThatWaitedLongestWhenTheHolderGivesTheEdgeUp() {
    String stageA = stage(ExampleRequest.newTicket(), "vcvcoe", "127.0.54.60", "127.0.54.61", "127.0.54.62");
    String stageB = stage(ExampleRequest.newTicket(), "vcvcof", "127.0.54.70", "127.0.54.71", "127.0.54.72");
    String stageC = stage(ExampleRequest.newTicket(), "vcvcog", "127.0.54.80", "127.0.54.81", "127.0.54.82");
    long start = System.currentTimeMillis(); // the engine's clock stands still between the looks
    ClockUtil.setCurrentTime(new Date(start));
    runOne(stageA, "Task_AcquireEdgeLock");
    runOne(stageC, "Task_AcquireEdgeLock"); // C finds the edge held first, B a second later
    ClockUtil.setCurrentTime(new Date(start + 1_000));
    runOne(stageB, "Task_AcquireEdgeLock");
    ClockUtil.setCurrentTime(new Date(start + 2_000));
    assertThat(executableTimers(stageB, stageC)).as("both wait out dunes.edge.lock.poll-interval (10 s)").isZero();

    runJobs(stageA);

    assertThat(ended(stageA)).contains("Task_ReleaseEdgeLock", "Task_WakeWaitingBuild",
        "EndEvent_LoadBalancer");
    assertThat(executableTimers(stageC)).as("C, waiting longest, looks again at once").isEqualTo(1);
    assertThat(executableTimers(stageB)).as("B keeps its poll").isZero();
    fireTimer(stageC);
    runOne(stageC, "Task_AcquireEdgeLock");
    assertThat(locks.holder(key())).hasValueSatisfying(h -> assertThat(h.processInstanceId()).isEqualTo(stageC));
    assertThat(engine.getRuntimeService().getVariable(stageC, EdgeVariables.LOCK_WANTED)).isNull();
    runJobs(stageC);
    assertThat(executableTimers(stageB)).as("then B, handed the edge by C").isEqualTo(1);
  }

  private long executableTimers(String... stages) {
    return Arrays.stream(stages).mapToLong(stage -> engine.getManagementService().createJobQuery()
        .processInstanceId(stage).timers().executable().count()).sum();
  }

  @Test
  void shouldTakeTheEdgeOverFromACrashedHolderOnceItsLeaseRanOut() {
    locks.hold(key(), "CHG-CRASHED-1", "gone"); // its engine node was killed while it held the edge
    String ticket = ExampleRequest.newTicket();
    String stage = stage(ticket, "vcvcoc", "127.0.54.40", "127.0.54.41", "127.0.54.42");

    runOne(stage, "Task_AcquireEdgeLock");
    assertThat((String) engine.getRuntimeService().getVariable(stage, EdgeVariables.LOCK_HOLDER))
        .startsWith("build CHG-CRASHED-1 (process instance gone) holds edge " + key());
    ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + settings.lease().toMillis() + 1000));
    fireTimer(stage);
    runJobs(stage);

    assertThat(ended(stage)).contains("EndEvent_LoadBalancer");
    assertThat(locks.holder(key())).isEmpty();
    assertThat(lab.client().config(lab.target()).pools).extracting(p -> p.description)
        .containsOnly(EdgeOwners.mark(ticket)).hasSize(3);
  }

  @Test
  void shouldEndTheStageWithEdgeConflictOnAPoolOfItsNameThatIsNotItsOwn() {
    String ticket = ExampleRequest.newTicket();
    Map<String, Object> variables = variables(ticket, "vcvcod", "127.0.54.50", "127.0.54.51", "127.0.54.52");
    BuildSpec spec = BuildRequestReader.parseTrusted((String) variables.get(BuildVariables.BUILD_SPEC));
    Pool foreign = LoadBalancedPorts.pool(spec, LoadBalancedPorts.of(spec, 8286));
    foreign.description = EdgeOwners.mark("CHG-SOMEONE-ELSE");
    lab.client().addPool(lab.target(), foreign);
    String before = EdgeEdits.object(lab.edge.configXml(), EdgeEdits.POOL, "vcvcod-8286").orElseThrow();
    ProcessInstance caller = StageCaller.start(engine, "LoadBalancer", ticket, variables);
    String stage = StageCaller.called(engine, caller).getId();

    runJobs(stage);

    assertThat(ended(stage)).contains("Task_EnsurePool").doesNotContain("EndEvent_LoadBalancer");
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(caller.getId())
        .activityId("EndEvent_StageError").count()).isEqualTo(1);
    assertThat(EdgeEdits.object(lab.edge.configXml(), EdgeEdits.POOL, "vcvcod-8286")).hasValue(before);
    assertThat(lab.count("update-pool")).isZero();
    assertThat(lab.client().config(lab.target()).pools).extracting(p -> p.name)
        .containsExactly("vcvcod-8286", "vcvcod-8281"); // 8281 made before 8286 met the conflict
    assertThat(locks.holder(key())).as("held until the build's undo gives it up")
        .hasValueSatisfying(h -> assertThat(h.ticket()).isEqualTo(ticket));
  }

  private String stage(String ticket, String cluster, String vip, String node1, String node2) {
    ProcessInstance caller = StageCaller.start(engine, "LoadBalancer", ticket,
        variables(ticket, cluster, vip, node1, node2));
    return StageCaller.called(engine, caller).getId();
  }

  private Map<String, Object> variables(String ticket, String cluster, String vip, String node1, String node2) {
    ObjectNode request = ExampleRequest.withTicket(ticket);
    ExampleRequest.node(request, "cluster").put("name", cluster).put("virtualIp", vip);
    ExampleRequest.node(request, "nodes/0").put("name", cluster + "1").put("ip", node1);
    ExampleRequest.node(request, "nodes/1").put("name", cluster + "2").put("ip", node2);
    ExampleRequest.node(request, "edge").put("managerUrl", lab.edge.url().toString());
    Map<String, Object> variables = new HashMap<>();
    variables.put(BuildVariables.BUILD_SPEC, BuildRequestReader.write(BuildRequestReader.parseTrusted(request.toString())));
    variables.put(EdgeVariables.EDGE_FINGERPRINT, lab.edge.fingerprint());
    return variables;
  }

  private String key() {
    return EdgeLocks.key(lab.target());
  }

  /** Runs the stage's one due job, which must be at {@code activity}. */
  private void runOne(String stage, String activity) {
    Job job = engine.getManagementService().createJobQuery().processInstanceId(stage).executable().singleResult();
    assertThat(job).as("a due job of the stage").isNotNull();
    assertThat(engine.getManagementService().createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId())
        .singleResult().getActivityId()).isEqualTo(activity);
    engine.getManagementService().executeJob(job.getId());
  }

  /** The waiting build's timer fires (the test does not wait out its interval). */
  private void fireTimer(String stage) {
    Job timer = engine.getManagementService().createJobQuery().processInstanceId(stage).timers().singleResult();
    assertThat(timer).as("the stage waits at its timer").isNotNull();
    engine.getManagementService().executeJob(timer.getId());
  }

  private String waitingAt(String stage) {
    List<String> active = engine.getRuntimeService().getActiveActivityIds(stage);
    assertThat(active).hasSize(1);
    return active.get(0);
  }

  private List<String> ended(String stage) {
    return engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(stage).finished()
        .orderByHistoricActivityInstanceStartTime().asc().list().stream()
        .map(HistoricActivityInstance::getActivityId).toList();
  }

  /** Every value {@code edgeLockHolder} had in the stage, from the history's variable updates. */
  private List<String> holderAsCockpitShowedIt(String stage) {
    List<String> values = engine.getHistoryService().createHistoricDetailQuery().processInstanceId(stage)
        .variableUpdates().list().stream().map(HistoricVariableUpdate.class::cast)
        .filter(u -> EdgeVariables.LOCK_HOLDER.equals(u.getVariableName())).map(u -> (String) u.getValue())
        .filter(v -> v != null).toList();
    assertThat(values).isNotEmpty();
    return values;
  }
}
