package dunes.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseUtil;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Gives every process that declares the extension property {@code calledOnly = true} (each stage
 * in processes/) the {@link CalledOnlyListener} as a built-in start listener. Built in, not a
 * {@code camunda:executionListener}: a start with {@code skipCustomListeners} (which camunda-admin
 * may ask for, with start instructions) skips custom listeners but still runs built-in ones.
 */
@Component
class CalledOnlyPlugin extends AbstractBpmnParseListener implements ProcessEnginePlugin {

  static final String PROPERTY = "calledOnly";
  private static final ExecutionListener GUARD = new CalledOnlyListener();

  @Override
  public void parseProcess(Element process, ProcessDefinitionEntity definition) {
    Map<String, String> properties = BpmnParseUtil.parseCamundaExtensionProperties(process);
    if (properties != null && "true".equals(properties.get(PROPERTY))) {
      definition.addBuiltInListener(ExecutionListener.EVENTNAME_START, GUARD);
    }
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
    listeners.add(this);
    configuration.setCustomPostBPMNParseListeners(listeners);
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {}

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {}
}
