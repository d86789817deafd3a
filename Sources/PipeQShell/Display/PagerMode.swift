/// When results go through a pager (`.pager`): never, always, or when taller than the screen (the default).
public enum PagerMode: String, Sendable, CaseIterable {
    case off, on, auto
}
