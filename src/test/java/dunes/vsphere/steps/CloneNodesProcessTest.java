package dunes.vsphere.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vmware.vim25.Event;
import com.vmware.vim25.EventFilterSpec;
import com.vmware.vim25.VmBeingClonedEvent;
import com.vmware.vim25.VmPoweredOnEvent;
import com.vmware.vim25.mo.EventHistoryCollector;
import dunes.lab.LabJournal;
import dunes.lab.vsphere.LabSimulator;
import dunes.secrets.SecretRef;
import dunes.support.CloneStage;
import dunes.support.CrashHooks;
import dunes.support.ExampleRequest;
import dunes.support.LabBuildTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * The clone stage of a four-node build in the lab (127.0.67.x): the three CloneVM_Task copies of the
 * powered-off node 1 are all asked for before the first clone is powered on, copy at the same time
 * (the lab's vCenter copies each for {@code dunes.lab.vsphere.clone-duration}, its task running) and
 * are awaited together; then the clones come to node 1's address one at a time — never two powered
 * on there at once, as the lab's node journal shows — while the clone before is configured; node 1
 * is on again only once every clone has its own address. And a clone job that dies after its
 * CloneVM_Task (127.0.67.2x) runs again while the copy still runs: it waits for that copy.
 */
class CloneNodesProcessTest extends LabBuildTest {

  private static final String NODE1_ADDRESS = "127.0.67.11";
  private static final List<String> CLONES = List.of("m2", "m3", "m4");

  @Test
  void shouldCopyTheClonesTogetherAndBringThemToTheirAddressesOneAtATime() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode fourNodes = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        request(ticket, "m", 9, 10, lab.fingerprint(), "LabDatastore"));
    ((ArrayNode) fourNodes.get("nodes")).addObject().put("name", "m4").put("fqdn", "m4.lab.local")
        .put("ip", "127.0.10.94").put("netmask", "255.255.255.0").put("gateway", "127.0.10.1");
    ObjectNode request = onAddresses(fourNodes.toString(), "127.0.67.1", "127.0.67.1");
    long before = lastSeq();
    ProcessInstance build = start(request.toString());
    approvePlan(build);
    Task shutdown = awaitTask(build, "Task_ShutdownNodeForClone");
    assertThat(engine.getTaskService().getVariable(shutdown.getId(), "cloneNames")).isEqualTo("m2, m3, m4");
    String clones = shutdown.getProcessInstanceId();
    engine.getTaskService().complete(shutdown.getId(), Map.of("shutdownMethod", "powerOff", "shutdownConfirmed", true));

    assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_Completed");
    assertOneVmPerNodeAllOn("m1", "m2", "m3", "m4");
    CloneStage stage = CloneStage.of(engine.getHistoryService(), build.getId(), lab.imposed());
    assertThat(stage.copies()).as("one copy per clone, as the lab's vCenter noted them").extracting(LabJournal.Imposed::target)
        .containsExactlyInAnyOrderElementsOf(CLONES);
    assertThat(stage.copiesOverlap()).as("the three copies ran at the same time: %s", stage.copies()).isTrue();
    System.out.println(stage.line());
    String applianceFingerprint = pinnedHostKey(build, NODE1_ADDRESS);
    assertIdentity("127.0.67.12", applianceFingerprint, "m2.lab.local");
    assertIdentity("127.0.67.13", applianceFingerprint, "m3.lab.local");
    assertIdentity("127.0.67.14", applianceFingerprint, "m4.lab.local");

    // vCenter's event log: every clone was asked for before the first clone was powered on
    List<Event> vcenterLog = vcenterEvents();
    List<Integer> cloneKeys = vcenterLog.stream().filter(VmBeingClonedEvent.class::isInstance)
        .map(VmBeingClonedEvent.class::cast).filter(e -> CLONES.contains(e.getDestName())).map(Event::getKey).toList();
    List<Integer> clonePowerOns = vcenterLog.stream().filter(VmPoweredOnEvent.class::isInstance)
        .filter(e -> e.getVm() != null && CLONES.contains(e.getVm().getName())).map(Event::getKey).toList();
    assertThat(cloneKeys).as("one CloneVM_Task per clone").hasSize(3);
    assertThat(clonePowerOns).as("each clone powered on once").hasSize(3);
    assertThat(cloneKeys).as("the copies run together: all asked for before any clone boots")
        .allSatisfy(k -> assertThat(k).isLessThan(clonePowerOns.stream().min(Integer::compare).orElseThrow()));

    // the engine: the three waits for the copies ran side by side
    List<HistoricActivityInstance> awaits = activities(clones, "CallActivity_AwaitClone");
    assertThat(awaits).hasSize(3);
    assertThat(awaits).as("every copy awaited before the first wait ended").allSatisfy(a -> assertThat(a.getStartTime())
        .isBeforeOrEqualTo(awaits.stream().map(HistoricActivityInstance::getEndTime).min(java.util.Date::compareTo).orElseThrow()));
    // and the configuration of a clone at its own address overlapped the next clone's turn at node 1's address
    List<HistoricActivityInstance> identities = activities(clones, "CallActivity_CloneIdentity");
    List<HistoricActivityInstance> configures = activities(clones, "CallActivity_ConfigurePreviousClone");
    assertThat(identities).hasSize(3);
    assertThat(configures).as("m2 and m3, each beside the next clone's turn").hasSize(2);
    for (int i = 0; i < configures.size(); i++) {
      HistoricActivityInstance configure = configures.get(i);
      HistoricActivityInstance nextTurn = identities.get(i + 1);
      assertThat(configure.getStartTime()).isBeforeOrEqualTo(nextTurn.getEndTime());
      assertThat(nextTurn.getStartTime()).isBeforeOrEqualTo(configure.getEndTime());
    }

    // the lab's nodes: never two powered on at one address, node 1 on only after every clone moved
    List<LabJournal.Entry> nodeLog = journal.entries("node").stream().filter(e -> e.seq() > before)
        .filter(e -> e.target().matches("m[1-4]")).toList();
    assertThat(nodeLog).as("no clone met another guest at its address").noneMatch(e -> e.operation().equals("ip-conflict"));
    assertNeverTwoOnOneAddress(nodeLog);
    long lastMove = nodeLog.stream().filter(e -> e.operation().equals("address-moved") && CLONES.contains(e.target()))
        .mapToLong(LabJournal.Entry::seq).max().orElseThrow();
    assertThat(nodeLog).filteredOn(e -> e.target().equals("m1") && e.operation().equals("power-on"))
        .as("node 1 on again after the clones have their addresses").last()
        .satisfies(e -> assertThat(e.seq()).isGreaterThan(lastMove));
  }

  @Test
  void shouldWaitForACopyStillRunningWhenItsJobRunsAgain() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = onAddresses(request(ticket, "cr", 22, 10, lab.fingerprint(), "LabDatastore"), "127.0.67.2",
        "127.0.67.1");
    ProcessInstance build = start(request.toString());
    approvePlan(build);
    Task shutdown = awaitTask(build, "Task_ShutdownNodeForClone");
    CrashHooks.reset();
    CrashHooks.arm("step:cloneNodeStep"); // cr2's job: CloneVM_Task asked for, then the job dies before its commit
    try {
      engine.getTaskService().complete(shutdown.getId(), Map.of("shutdownMethod", "powerOff", "shutdownConfirmed", true));
      assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_Completed");
      assertThat(CrashHooks.crashed("step:cloneNodeStep")).isEqualTo(1);
    } finally {
      CrashHooks.reset();
    }
    assertOneVmPerNodeAllOn("cr1", "cr2", "cr3");
    // every CloneVM_Task call ends in one imposed copy, a refused second one too (vCenter's event log keeps only
    // its last 1000 events, fewer than a lab context's builds post)
    java.time.Instant started = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(build.getId()).singleResult().getStartTime().toInstant();
    List<String> asked = lab.imposed().stream().filter(i -> i.call().equals("CloneVM_Task"))
        .filter(i -> i.start().isAfter(started)) // the simulator's log keeps the runs before this one too
        .map(LabJournal.Imposed::target).filter(n -> n.matches("cr[23]")).toList();
    assertThat(asked).as("CloneVM_Task calls: N - 1, the job that ran again asked for none").containsExactlyInAnyOrder("cr2", "cr3");
    CloneStage stage = CloneStage.of(engine.getHistoryService(), build.getId(), lab.imposed());
    HistoricActivityInstance retried = activities(shutdown.getProcessInstanceId(), "Task_CloneVm").get(0);
    LabJournal.Imposed cr2 = stage.copies().stream().filter(c -> c.target().equals("cr2")).findFirst().orElseThrow();
    assertThat(retried.getStartTime().toInstant()).as("cr2's job ran again while its copy still ran")
        .isAfter(cr2.start()).isBefore(cr2.end());
  }

  /** Replays the node journal: each guest's address (node 1's on a cloned disk, until VAMI moves it) and power. */
  private static void assertNeverTwoOnOneAddress(List<LabJournal.Entry> nodeLog) {
    Map<String, String> address = new HashMap<>();
    Set<String> on = new HashSet<>();
    List<String> moves = new ArrayList<>();
    for (LabJournal.Entry e : nodeLog) {
      switch (e.operation()) {
        case "first-boot", "disk-cloned" -> address.put(e.target(), e.detail().substring(e.detail().lastIndexOf(' ') + 1));
        case "address-moved" -> {
          address.put(e.target(), e.detail().substring(e.detail().indexOf("-> ") + 3));
          moves.add(e.target());
        }
        case "power-off" -> on.remove(e.target());
        case "power-on" -> {
          String at = address.get(e.target());
          assertThat(on).as(e.target() + " powered on at " + at + " (journal " + e.seq() + ")")
              .noneMatch(other -> at.equals(address.get(other)));
          on.add(e.target());
        }
        default -> { }
      }
    }
    assertThat(moves).as("each clone given its own address once, in turn").containsSubsequence(CLONES);
    assertThat(address).containsEntry("m2", "127.0.67.12").containsEntry("m3", "127.0.67.13")
        .containsEntry("m4", "127.0.67.14");
  }

  private List<HistoricActivityInstance> activities(String processInstance, String activity) {
    return engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(processInstance)
        .activityId(activity).orderByHistoricActivityInstanceStartTime().asc().list();
  }

  private List<Event> vcenterEvents() throws Exception {
    LabSimulator simulator = new LabSimulator(lab, secrets.resolve(new SecretRef("vcenter-admin")));
    try {
      EventFilterSpec spec = new EventFilterSpec();
      spec.setEventTypeId(new String[] {"VmBeingClonedEvent", "VmPoweredOnEvent"});
      EventHistoryCollector collector = simulator.vcenter.getEventManager().createCollectorForEvents(spec);
      try {
        collector.setCollectorPageSize(1000);
        Event[] page = collector.getLatestPage();
        return page == null ? List.of() : Arrays.asList(page);
      } finally {
        collector.destroyCollector();
      }
    } finally {
      simulator.vcenter.getServerConnection().logout(); // the lab itself stays up for the next test
    }
  }
}
