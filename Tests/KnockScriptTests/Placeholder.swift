import Testing
@Test func scriptPlaceholder() {}
