package dunes.build;

import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.stereotype.Component;

/**
 * Day-2 processes act on a cluster a build made: this finds the newest VcoHaBuild of ticket
 * {@code buildTicket} that completed, and copies what they need from its history — the request
 * and the fingerprints operators confirmed — so nothing has to be typed or trusted again.
 */
@Component
public class LoadBuildStep implements JavaDelegate {

  public static final String BUILD_TICKET = "buildTicket";
  public static final String ERROR_UNKNOWN_BUILD = "UnknownBuild";
  /** What a day-2 process reads from the build; secrets stay references inside buildSpec. */
  static final List<String> CARRIED = List.of(BuildVariables.BUILD_SPEC, "serverFingerprint", "sshFingerprint",
      "edgeFingerprint", "vcenterFingerprint");

  private final HistoryService history;

  public LoadBuildStep(HistoryService history) {
    this.history = history;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String ticket = (String) execution.getVariable(BUILD_TICKET);
    if (ticket == null || ticket.isBlank()) {
      throw new BpmnError(ERROR_UNKNOWN_BUILD, "buildTicket is required: the change ticket of the build that made the cluster");
    }
    HistoricProcessInstance build = history.createHistoricProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).completed()
        .variableValueEquals(BuildVariables.OUTCOME, "completed")
        .orderByProcessInstanceEndTime().desc().list().stream().findFirst()
        .orElseThrow(() -> new BpmnError(ERROR_UNKNOWN_BUILD, "no build of ticket '" + ticket
            + "' completed: the authoring window needs a cluster a build made"));
    for (HistoricVariableInstance variable : history.createHistoricVariableInstanceQuery()
        .processInstanceId(build.getId()).variableNameIn(CARRIED.toArray(String[]::new)).list()) {
      execution.setVariable(variable.getName(), variable.getValue());
    }
    execution.setVariable("buildProcessInstanceId", build.getId());
  }
}
