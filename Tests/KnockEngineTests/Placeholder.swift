import Testing
@Test func enginePlaceholder() {}
