package dunes.vsphere;

import org.springframework.context.annotation.Configuration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Binds {@code dunes.vsphere.*}; adapters are opened per vCenter of a request (YavijavaVSphere.open). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VSphereProperties.class)
class VSphereConfiguration {}
