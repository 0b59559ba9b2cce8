/** Reserved for a later issue: see this module's README. It exports nothing yet. */
module dev.tach.resolver {}
