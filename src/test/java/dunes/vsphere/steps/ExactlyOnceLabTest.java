package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.DONE;
import static dunes.vsphere.steps.VSphereVariables.VM_NAME;
import static dunes.vsphere.steps.VSphereVariables.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.vmware.vim25.Event;
import com.vmware.vim25.EventFilterSpec;
import com.vmware.vim25.VmBeingClonedEvent;
import com.vmware.vim25.VmBeingCreatedEvent;
import com.vmware.vim25.VmRemovedEvent;
import com.vmware.vim25.mo.EventHistoryCollector;
import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.ManagedEntity;
import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.lab.vsphere.LabSimulator;
import dunes.support.ExampleRequest;
import dunes.vsphere.Inventory;
import dunes.vsphere.LeaseState;
import dunes.vsphere.Moref;
import dunes.vsphere.OvfDirectory;
import dunes.vsphere.OvfImport;
import dunes.vsphere.OvfPropertyKeys;
import dunes.vsphere.OvfSource;
import dunes.vsphere.TaskRef;
import dunes.vsphere.VCenterTarget;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VSphereProperties;
import dunes.vsphere.VmInfo;
import dunes.vsphere.YavijavaVSphere;
import dunes.vsphere.steps.VSphereEffects.Effect;
import dunes.vsphere.steps.VSphereEffects.State;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Exactly once across retries, executors and dead uploaders, against the lab's vCenter on
 * 127.0.51.40 with the markers in an H2 database: vCenter's own event log (VmBeingCreatedEvent,
 * VmBeingClonedEvent, VmRemovedEvent) and inventory say how many imports and clones were made.
 * A clone copies for {@link #COPY}, as vCenter's CloneVM_Task runs on after the call: a retry
 * comes while it still runs.
 */
class ExactlyOnceLabTest {

  private static final Duration HEARTBEAT = Duration.ofMillis(200);
  private static final Duration COPY = Duration.ofSeconds(2);

  @TempDir static Path work;
  static LabSimulator simulator;
  static YavijavaVSphere vsphere;
  static Inventory where;
  static DataSource database;
  static VSphereEffects effects;
  static OvfSource ovfSource;
  static VSphereProperties properties;

  @BeforeAll
  static void startLab() throws Exception {
    simulator = new LabSimulator(work.resolve("lab"), "127.0.51.40", COPY);
    properties = new VSphereProperties(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10),
        Duration.ofSeconds(30), HEARTBEAT);
    vsphere = YavijavaVSphere.open(properties, simulator.lab.sdkUrl(), LabSimulator.USER, simulator.password,
        simulator.lab.fingerprint());
    where = vsphere.locate(new VCenterTarget("LabDC", "LabCluster", null, "LabDatastore", "VM Network", "vCO"));
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:once-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    database = h2;
    effects = new VSphereEffects(database);
    ovfSource = new OvfSource(work.resolve("ovf-cache"), OvfDirectory.of("src/test/resources/ovf"), null,
        Duration.ofSeconds(10));
  }

  @AfterAll
  static void stopLab() {
    if (vsphere != null) {
      vsphere.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void shouldImportOnceWhileASecondExecutorAndAnotherNodeLookDuringTheUpload() throws Exception {
    BuildSpec spec = spec();
    String node = spec.firstNode().name();
    CountDownLatch upload = new CountDownLatch(1);
    OvfImports first = imports(effects);
    OvfImports otherNode = imports(effects);

    assertThat(first.look(spec, gated(upload)).done()).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> marker(spec).handle() != null);
    // the job's lock expired, or the job ran again after a failed commit: a second run and another engine node look
    assertThat(first.look(spec, vsphere).done()).as("second executor, same JVM").isFalse();
    assertThat(otherNode.look(spec, vsphere).done()).as("another node sees the heartbeat").isFalse();
    upload.countDown();

    OvfImports.Look done = await().atMost(Duration.ofSeconds(20)).until(() -> first.look(spec, vsphere), OvfImports.Look::done);

    assertThat(events(VmBeingCreatedEvent.class, e -> node.equals(e.getVm().getName()))).as("ImportVApp calls").hasSize(1);
    assertThat(vmsNamed(node)).hasSize(1);
    VmInfo vm = vsphere.findVm(node).orElseThrow();
    assertThat(vm.moref()).isEqualTo(done.vm());
    assertThat(vm.buildTag()).isEqualTo(spec.ticket());
    assertThat(vm.properties()).containsEntry("vami.hostname", spec.firstNode().fqdn());
    assertThat(marker(spec).state()).isEqualTo(State.DONE);
    assertThat(marker(spec).attempt()).isEqualTo(1);
    assertThat(marker(spec).vm()).isEqualTo(vm.moref());
  }

  @Test
  void shouldRemoveAndRedoAnImportWhoseUploaderDiedAndIgnoreTheDeadOneLater() throws Exception {
    BuildSpec spec = spec();
    String node = spec.firstNode().name();
    CountDownLatch never = new CountDownLatch(1);
    OvfImports dead = imports(effects);
    dead.look(spec, gated(never));
    await().atMost(Duration.ofSeconds(10)).until(() -> marker(spec).handle() != null);
    Effect abandoned = marker(spec);
    assertThat(vsphere.readLease(abandoned.handle()).status()).isEqualTo(LeaseState.Status.READY);
    Moref halfImported = vsphere.findVm(node).orElseThrow().moref();
    dead.stop(); // its heartbeat stops; its worker stays stuck as in a JVM that is gone

    // another engine node, later than four heartbeats
    VSphereEffects later = new VSphereEffects(database, new DataSourceTransactionManager(database),
        Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
    OvfImports survivor = imports(later);
    OvfImports.Look done = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> survivor.look(spec, vsphere), OvfImports.Look::done);

    assertThat(vsphere.readLease(abandoned.handle()).isLive()).as("the abandoned lease").isFalse();
    assertThat(events(VmRemovedEvent.class, e -> halfImported.value().equals(e.getVm().getVm().get_value())))
        .as("the half-imported vm removed").hasSize(1);
    assertThat(events(VmBeingCreatedEvent.class, e -> node.equals(e.getVm().getName()))).as("imported, then again")
        .hasSize(2);
    assertThat(vmsNamed(node)).hasSize(1);
    assertThat(done.vm()).isNotEqualTo(halfImported);
    assertThat(marker(spec).attempt()).isEqualTo(2);

    never.countDown(); // the dead worker wakes: its lease is gone, its marker superseded
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> marker(spec).state() == State.DONE && marker(spec).attempt() == 2 && vmsNamed(node).size() == 1);
    assertThat(vsphere.findVm(node).orElseThrow().moref()).isEqualTo(done.vm());
  }

  @Test
  void shouldNotAdoptAVmOfTheBuildThatNoMarkerSaysIsComplete() throws Exception {
    BuildSpec spec = spec();
    String node = spec.firstNode().name();
    // ImportVApp made, the disks never sent, no marker (a Dunes before markers, or a wiped database)
    Moref halfLease = vsphere.beginOvfImport(where, request(spec)).lease();
    Moref half = vsphere.findVm(node).orElseThrow().moref();

    OvfImports imports = imports(effects);
    OvfImports.Look done = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> imports.look(spec, vsphere), OvfImports.Look::done);

    assertThat(done.vm()).isNotEqualTo(half);
    assertThat(events(VmRemovedEvent.class, e -> half.value().equals(e.getVm().getVm().get_value()))).hasSize(1);
    assertThat(vmsNamed(node)).hasSize(1);
    vsphere.abortLease(halfLease, "test over");
  }

  @Test
  void shouldReportAFailedImportOnceThenImportAgain() throws Exception {
    BuildSpec spec = spec();
    String node = spec.firstNode().name();
    Map<String, Object> failOnce = new HashMap<>(Map.of("left", 1));
    VSpherePort failing = wrap(vsphere, (method, call) -> {
      if (method.equals("finishOvfImport") && (int) failOnce.get("left") > 0) {
        failOnce.put("left", 0);
        throw new dunes.vsphere.VSphereException("cannot deploy: upload of 'disk' answered HTTP 500");
      }
      return call.get();
    });
    OvfImports imports = imports(effects);
    imports.look(spec, failing);
    await().atMost(Duration.ofSeconds(10)).until(() -> marker(spec).state() == State.FAILED);

    assertThatThrownBy(() -> imports.look(spec, failing)).hasMessage("cannot deploy: upload of 'disk' answered HTTP 500");
    OvfImports.Look done = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> imports.look(spec, failing), OvfImports.Look::done);

    assertThat(marker(spec).attempt()).isEqualTo(2);
    assertThat(vmsNamed(node)).hasSize(1);
    assertThat(vsphere.findVm(node).orElseThrow().moref()).isEqualTo(done.vm());
  }

  @Test
  void shouldLookForALostCloneTaskOnlyAmongTheTasksNoOtherCloneRecorded() throws Exception {
    BuildSpec spec = threeNodes();
    String first = spec.nodes().get(1).name();
    String second = spec.nodes().get(2).name();
    importSource(spec);
    NodeClones clones = new NodeClones(effects, CrashPoint.NONE);
    finished(clones.start(spec, vsphere, where, first, cloneProperties(spec, first)));
    Moref firstTask = effects.find(spec.ticket(), VSphereEffects.cloneOf(first)).orElseThrow().handle();
    VSpherePort diesAfterTheCall = wrap(vsphere, (method, call) -> {
      Object result = call.get();
      if (method.equals("startClone")) {
        throw new IllegalStateException("crash right after CloneVM_Task");
      }
      return result;
    });
    assertThatThrownBy(() -> clones.start(spec, diesAfterTheCall, where, second, cloneProperties(spec, second)))
        .hasMessage("crash right after CloneVM_Task");
    List<Object> excluded = new java.util.ArrayList<>();
    VSpherePort watched = (VSpherePort) Proxy.newProxyInstance(VSpherePort.class.getClassLoader(),
        new Class<?>[] {VSpherePort.class}, (proxy, method, args) -> {
          if (method.getName().equals("findCloneInFlight")) {
            excluded.add(args[2]);
          }
          try {
            return method.invoke(vsphere, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });

    finished(clones.start(spec, watched, where, second, cloneProperties(spec, second)));

    assertThat(firstTask).as("the first clone recorded its task").isNotNull();
    assertThat(excluded).as("the recent clone tasks the second clone's retry may not take: the first clone's")
        .containsExactly(java.util.Set.of(firstTask));
    assertThat(events(VmBeingClonedEvent.class, e -> second.equals(e.getDestName()))).hasSize(1);
    assertThat(vmsNamed(second)).hasSize(1);
  }

  @Test
  void shouldStartOneCloneWhenTheJobDiesAfterCloneVmTaskWasRecorded() throws Exception {
    BuildSpec spec = spec();
    String clone = spec.nodes().get(1).name();
    importSource(spec);
    NodeClones crashing = new NodeClones(effects, point -> {
      throw new IllegalStateException("crash at " + point);
    });

    assertThatThrownBy(() -> crashing.start(spec, vsphere, where, clone, cloneProperties(spec, clone)))
        .hasMessage("crash at clone started " + clone);
    Moref recorded = effects.find(spec.ticket(), VSphereEffects.cloneOf(clone)).orElseThrow().handle();
    TaskRef retried = new NodeClones(effects, CrashPoint.NONE).start(spec, vsphere, where, clone,
        cloneProperties(spec, clone));

    assertThat(retried.task()).as("the retry waits for the recorded task").isEqualTo(recorded);
    assertThat(vsphere.poll(retried).status()).as("still copying when the job ran again")
        .isEqualTo(dunes.vsphere.TaskState.Status.RUNNING);
    finished(retried);
    assertThat(events(VmBeingClonedEvent.class, e -> clone.equals(e.getDestName()))).as("CloneVM_Task calls").hasSize(1);
    assertThat(vmsNamed(clone)).hasSize(1);
    assertThat(vsphere.findVm(clone).orElseThrow().buildTag()).isEqualTo(spec.ticket());
  }

  @Test
  void shouldStartOneCloneWhenTheJobDiesBeforeTheTaskWasRecorded() throws Exception {
    BuildSpec spec = spec();
    String clone = spec.nodes().get(1).name();
    importSource(spec);
    VSpherePort diesAfterTheCall = wrap(vsphere, (method, call) -> {
      Object result = call.get();
      if (method.equals("startClone")) {
        throw new IllegalStateException("crash right after CloneVM_Task");
      }
      return result;
    });
    NodeClones clones = new NodeClones(effects, CrashPoint.NONE);

    assertThatThrownBy(() -> clones.start(spec, diesAfterTheCall, where, clone, cloneProperties(spec, clone)))
        .hasMessage("crash right after CloneVM_Task");
    assertThat(effects.find(spec.ticket(), VSphereEffects.cloneOf(clone)).orElseThrow().handle())
        .as("the marker knows a clone was asked for, not which task").isNull();
    TaskRef retried = clones.start(spec, vsphere, where, clone, cloneProperties(spec, clone));

    assertThat(vsphere.poll(retried).status()).as("the running clone found in vCenter's recent tasks, awaited")
        .isEqualTo(dunes.vsphere.TaskState.Status.RUNNING);
    assertThat(effects.find(spec.ticket(), VSphereEffects.cloneOf(clone)).orElseThrow().handle())
        .as("and recorded for the next retry").isEqualTo(retried.task());
    finished(retried);
    assertThat(events(VmBeingClonedEvent.class, e -> clone.equals(e.getDestName()))).hasSize(1);
    assertThat(vmsNamed(clone)).hasSize(1);
  }

  @Test
  void shouldUndoEveryVmOfTheBuildByMorefAndLeaveTheOthersOfThatName() throws Exception {
    BuildSpec spec = spec();
    String node = spec.firstNode().name();
    importSource(spec); // the build's
    simulator.importOvf(node + "-other", Map.of()); // someone else's, in another folder, renamed to the same name
    sameNameElsewhere(node + "-other", node, simulator.datacenter.getVmFolder());
    OvfImport copy = request(spec); // and a second of the build's, as an older Dunes could leave
    vsphere.startOvfImport(where, new OvfImport(node + "-copy", copy.ovf(), copy.properties(), copy.buildTag()));
    sameNameElsewhere(node + "-copy", node, (com.vmware.vim25.mo.Folder) simulator.vcoFolder.createFolder("dup-" + node));
    assertThat(vmsNamed(node)).hasSize(3);
    RemoveVmStep undo = new RemoveVmStep(null, new NodeClones(effects, CrashPoint.NONE), imports(effects));
    Map<String, Object> variables = new HashMap<>(Map.of(VM_NAME, node));

    for (int turn = 0; turn < 10 && !Boolean.TRUE.equals(variables.get(DONE)); turn++) {
      undo.run(AwaitTimeSyncLabTest.execution(variables), spec, vsphere);
      if (!Boolean.TRUE.equals(variables.get(DONE))) {
        finished(VSphereWait.fromJson((String) variables.get(WAIT)).taskRef());
      }
    }

    assertThat(variables).containsEntry(DONE, true);
    assertThat(vsphere.findVms(node)).singleElement().satisfies(left -> assertThat(left.buildTag()).isNull());
  }

  @Test
  void shouldStopAnImportUnderWayWhenTheBuildIsUndoneAndReportUndoneOnlyWhenItsVmIsGone() throws Exception {
    BuildSpec spec = spec();
    String node = spec.firstNode().name();
    CountDownLatch upload = new CountDownLatch(1);
    OvfImports imports = imports(effects);
    imports.look(spec, gated(upload));
    await().atMost(Duration.ofSeconds(10)).until(() -> marker(spec).handle() != null);
    Moref lease = marker(spec).handle();
    RemoveVmStep undo = new RemoveVmStep(null, new NodeClones(effects, CrashPoint.NONE), imports);
    Map<String, Object> variables = new HashMap<>(Map.of(VM_NAME, node));

    for (int turn = 0; turn < 10 && !Boolean.TRUE.equals(variables.get(DONE)); turn++) {
      undo.run(AwaitTimeSyncLabTest.execution(variables), spec, vsphere);
      if (!Boolean.TRUE.equals(variables.get(DONE))) {
        finished(VSphereWait.fromJson((String) variables.get(WAIT)).taskRef());
      }
    }
    upload.countDown(); // the worker goes on with a lease the undo aborted

    assertThat(variables).containsEntry(DONE, true);
    assertThat(vsphere.readLease(lease).isLive()).isFalse();
    assertThat(effects.find(spec.ticket(), VSphereEffects.importOf(node))).isEmpty();
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> vmsNamed(node).isEmpty() && effects.find(spec.ticket(), VSphereEffects.importOf(node)).isEmpty());
  }

  @Test
  void shouldRefuseAVmOfAnotherBuildUnderTheNodesNameWithoutImporting() throws Exception {
    BuildSpec spec = spec();
    String node = spec.firstNode().name();
    OvfImport theirs = request(spec);
    vsphere.startOvfImport(where, new OvfImport(node, theirs.ovf(), theirs.properties(), "CHG-OTHER"));

    assertThatThrownBy(() -> imports(effects).look(spec, vsphere))
        .isInstanceOf(dunes.vsphere.VSphereConflictException.class).hasMessageContaining("made by build 'CHG-OTHER'");
    assertThat(effects.find(spec.ticket(), VSphereEffects.importOf(node))).as("no marker, no import").isEmpty();
    assertThat(events(VmBeingCreatedEvent.class, e -> node.equals(e.getVm().getName()))).hasSize(1);
  }

  // --- helpers

  /**
   * VM {@code made} moved into {@code folder} and renamed {@code name}: vCenter keeps names unique per folder (and
   * vcsim one VM's files per name), so a second VM of a name lives in another folder.
   */
  private static void sameNameElsewhere(String made, String name, com.vmware.vim25.mo.Folder folder) throws Exception {
    com.vmware.vim25.mo.VirtualMachine vm = simulator.vm(made);
    LabSimulator.complete(folder.moveIntoFolder_Task(new ManagedEntity[] {vm}));
    LabSimulator.complete(vm.rename_Task(name));
  }

  private static OvfImports imports(VSphereEffects markers) {
    return new OvfImports(markers, ovfSource, properties, CrashPoint.NONE);
  }

  private static BuildSpec spec() {
    String id = UUID.randomUUID().toString().substring(0, 6);
    return BuildRequestReader.parseTrusted(ExampleRequest.changed(ExampleRequest.newTicket(), r -> {
      ExampleRequest.node(r, "nodes/0").put("name", "once" + id + "a").put("fqdn", "once" + id + "a.lab.local");
      ExampleRequest.node(r, "nodes/1").put("name", "once" + id + "b").put("fqdn", "once" + id + "b.lab.local");
    }));
  }

  /** {@link #spec()} with a third node, a second clone. */
  private static BuildSpec threeNodes() {
    String id = UUID.randomUUID().toString().substring(0, 6);
    return BuildRequestReader.parseTrusted(ExampleRequest.changed(ExampleRequest.newTicket(), r -> {
      ExampleRequest.node(r, "nodes/0").put("name", "once" + id + "a").put("fqdn", "once" + id + "a.lab.local");
      ExampleRequest.node(r, "nodes/1").put("name", "once" + id + "b").put("fqdn", "once" + id + "b.lab.local");
      ((com.fasterxml.jackson.databind.node.ArrayNode) r.get("nodes")).add(ExampleRequest.node(r, "nodes/1").deepCopy()
          .put("name", "once" + id + "c").put("fqdn", "once" + id + "c.lab.local").put("ip", "127.0.0.13"));
    }));
  }

  private static OvfImport request(BuildSpec spec) {
    Path ovf = ovfSource.resolve(spec.ovf().url(), null);
    return new OvfImport(spec.firstNode().name(), ovf,
        ApplianceProperties.of(OvfPropertyKeys.read(ovf), spec, spec.firstNode()), spec.ticket());
  }

  private static void importSource(BuildSpec spec) {
    vsphere.startOvfImport(where, request(spec));
  }

  private static Map<String, String> cloneProperties(BuildSpec spec, String clone) {
    VmInfo source = vsphere.findVm(spec.firstNode().name()).orElseThrow();
    return ApplianceProperties.of(source.properties().keySet(), spec, spec.node(clone));
  }

  private static Effect marker(BuildSpec spec) {
    return effects.find(spec.ticket(), VSphereEffects.importOf(spec.firstNode().name())).orElseThrow();
  }

  private static void finished(TaskRef ref) {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> vsphere.poll(ref).orThrow().isFinished());
  }

  /** The adapter, with finishOvfImport held until {@code upload} opens (an upload that takes its time). */
  private static VSpherePort gated(CountDownLatch upload) {
    return wrap(vsphere, (method, call) -> {
      if (method.equals("finishOvfImport")) {
        boolean open = false;
        while (!open) {
          try {
            upload.await();
            open = true;
          } catch (InterruptedException ignored) {
            // a stuck upload does not end when asked to
          }
        }
      }
      return call.get();
    });
  }

  interface Call {
    Object get() throws Throwable;
  }

  interface Around {
    Object invoke(String method, Call call) throws Throwable;
  }

  private static VSpherePort wrap(VSpherePort port, Around around) {
    return (VSpherePort) Proxy.newProxyInstance(VSpherePort.class.getClassLoader(), new Class<?>[] {VSpherePort.class},
        (proxy, method, args) -> around.invoke(method.getName(), () -> {
          try {
            return method.invoke(port, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }));
  }

  /** vCenter's event log: every event of {@code type} matching {@code filter}. */
  private static <T extends Event> List<T> events(Class<T> type, Predicate<T> filter) throws Exception {
    EventFilterSpec spec = new EventFilterSpec();
    spec.setEventTypeId(new String[] {type.getSimpleName()});
    EventHistoryCollector collector = simulator.vcenter.getEventManager().createCollectorForEvents(spec);
    try {
      collector.setCollectorPageSize(1000);
      Event[] page = collector.getLatestPage();
      return page == null ? List.of() : Arrays.stream(page).filter(type::isInstance).map(type::cast).filter(filter).toList();
    } finally {
      collector.destroyCollector();
    }
  }

  private static List<String> vmsNamed(String name) throws Exception {
    ManagedEntity[] all = new InventoryNavigator(simulator.vcenter.getRootFolder()).searchManagedEntities("VirtualMachine");
    return Arrays.stream(all).map(ManagedEntity::getName).filter(name::equals).toList();
  }
}
