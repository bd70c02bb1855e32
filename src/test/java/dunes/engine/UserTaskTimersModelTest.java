package dunes.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every user task of every process carries its reminder and escalation timers as operations.md
 * describes them, and every element of every process is drawn (Modeler and Cockpit show it).
 */
class UserTaskTimersModelTest {

  static Stream<Path> processes() throws IOException {
    return Files.list(Path.of("processes")).filter(p -> p.toString().endsWith(".bpmn")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processes")
  void everyUserTaskHasANonInterruptingReminderAndEscalation(Path file) {
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      List<BoundaryEvent> timers = model.getModelElementsByType(BoundaryEvent.class).stream()
          .filter(b -> b.getAttachedTo() == task && !b.getChildElementsByType(TimerEventDefinition.class).isEmpty())
          .toList();
      assertThat(timers).as(task.getId()).extracting(BaseElement::getId).containsExactlyInAnyOrder(
          "Event_Remind" + task.getId().substring("Task_".length()),
          "Event_Escalate" + task.getId().substring("Task_".length()));
      for (BoundaryEvent timer : timers) {
        boolean remind = timer.getId().startsWith("Event_Remind");
        assertThat(timer.cancelActivity()).as(timer.getId() + " leaves the task open").isFalse();
        assertThat(timer.getChildElementsByType(TimerEventDefinition.class).iterator().next().getTimeDuration()
            .getTextContent()).isEqualTo("${taskReminders." + (remind ? "remindAfter" : "escalateAfter") + "('"
            + task.getId() + "')}");
        Collection<CamundaExecutionListener> listeners = timer.getExtensionElements()
            .getElementsQuery().filterByType(CamundaExecutionListener.class).list();
        assertThat(listeners).singleElement().satisfies(l -> {
          assertThat(l.getCamundaEvent()).isEqualTo("start");
          assertThat(l.getCamundaExpression()).isEqualTo("${taskReminders." + (remind ? "remind" : "escalate") + "(execution)}");
        });
        assertThat(timer.getOutgoing()).singleElement().extracting(SequenceFlow::getTarget).isInstanceOf(EndEvent.class);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processes")
  void everyFlowNodeAndFlowIsDrawn(Path file) {
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    List<String> shapes = model.getModelElementsByType(BpmnShape.class).stream()
        .map(s -> s.getBpmnElement().getId()).toList();
    List<String> edges = model.getModelElementsByType(BpmnEdge.class).stream()
        .map(e -> e.getBpmnElement().getId()).toList();
    assertThat(shapes).containsAll(model.getModelElementsByType(FlowNode.class).stream().map(BaseElement::getId).toList());
    assertThat(edges).containsAll(model.getModelElementsByType(SequenceFlow.class).stream().map(BaseElement::getId).toList());
  }
}
