/**
 * Static extraction of pytest's view of Python files, in two steps so that the first can be
 * cached per file: {@link dev.tach.discovery.extract.ModuleSummarizer} reads a parse tree into a
 * serializable {@link dev.tach.discovery.extract.ModuleSummary}, and {@link
 * dev.tach.discovery.extract.ModuleLinker} links summaries, following imports through a {@link
 * dev.tach.discovery.extract.SummaryLookup}, into {@link dev.tach.api.model.TestModule}s with the
 * node ids, fixtures, marks and parametrize ids pytest 9 would produce.
 */
package dev.tach.discovery.extract;
