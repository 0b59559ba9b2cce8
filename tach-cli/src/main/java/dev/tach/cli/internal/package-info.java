/**
 * How a run is put together: project configuration, interpreter lookup, the unpacked harness,
 * the plugin registry and the Guice module that wires them. Nothing here is API.
 */
package dev.tach.cli.internal;
