package dunes.support;

import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;

/**
 * Runs one stage (a process that refuses to start unless a call activity starts it) the way a
 * build does: a test-only caller process with one call activity that hands the stage every
 * variable and the business key. A BPMN error the stage ends with is caught in the caller, so the
 * stage's own history is what a test reads.
 */
public final class StageCaller {

  private StageCaller() {}

  /** Starts {@code stageKey} under a caller; answers the stage's instance (running or ended). */
  public static ProcessInstance call(ProcessEngine engine, String stageKey, String businessKey,
      Map<String, Object> variables) {
    String callerKey = deployCaller(engine, stageKey);
    ProcessInstance caller = engine.getRuntimeService().startProcessInstanceByKey(callerKey, businessKey, variables);
    HistoricProcessInstance stage = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .superProcessInstanceId(caller.getId()).singleResult();
    if (stage == null) {
      throw new AssertionError("the caller of " + stageKey + " started no stage");
    }
    return new Stage(stage);
  }

  private static String deployCaller(ProcessEngine engine, String stageKey) {
    String key = "TestCaller_" + stageKey;
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1)
        .startEvent("StartEvent_Call")
        .callActivity("CallActivity_Stage").calledElement(stageKey)
        .endEvent("EndEvent_Called")
        .moveToActivity("CallActivity_Stage").boundaryEvent("Event_StageError").error().endEvent("EndEvent_StageError")
        .done();
    CamundaIn variables = model.newInstance(CamundaIn.class);
    variables.setCamundaVariables("all");
    CamundaIn businessKey = model.newInstance(CamundaIn.class);
    businessKey.setCamundaBusinessKey("#{execution.processBusinessKey}");
    ExtensionElements extensions = model.newInstance(ExtensionElements.class);
    extensions.addChildElement(variables);
    extensions.addChildElement(businessKey);
    model.<CallActivity>getModelElementById("CallActivity_Stage").setExtensionElements(extensions);
    engine.getRepositoryService().createDeployment().name(key).enableDuplicateFiltering(true)
        .addModelInstance(key + ".bpmn", model).deploy();
    return key;
  }

  /** The stage as it was when it reached its first wait state. */
  private record Stage(HistoricProcessInstance history) implements ProcessInstance {
    @Override public String getId() { return history.getId(); }
    @Override public String getProcessInstanceId() { return history.getId(); }
    @Override public String getRootProcessInstanceId() { return history.getRootProcessInstanceId(); }
    @Override public String getProcessDefinitionId() { return history.getProcessDefinitionId(); }
    @Override public String getProcessDefinitionKey() { return history.getProcessDefinitionKey(); }
    @Override public String getBusinessKey() { return history.getBusinessKey(); }
    @Override public String getCaseInstanceId() { return history.getCaseInstanceId(); }
    @Override public String getTenantId() { return history.getTenantId(); }
    @Override public boolean isSuspended() { return false; }
    @Override public boolean isEnded() { return history.getEndTime() != null; }
  }
}
