import KnockCore
import Testing

@testable import KnockEngine

@Suite("Standard Liquid filters")
struct StandardFilterTests {
    @Test(arguments: [
        ("{{ 'a' | append: 'b' }}", "ab"),
        ("{{ 'b' | prepend: 'a' }}", "ab"),
        ("{{ count | append: '!' }}", "3!"),
        ("{{ 'hELLO world' | capitalize }}", "Hello world"),
        ("{{ 'ÀB' | downcase }}", "àb"),
        ("{{ 'ab' | upcase }}", "AB"),
        ("{{ '  a b  ' | strip }}|", "a b|"),
        ("{{ '  a b  ' | lstrip }}|", "a b  |"),
        ("{{ '  a b  ' | rstrip }}|", "  a b|"),
        ("{{ 'a\nb\r\nc' | strip_newlines }}", "abc"),
        ("{{ 'a\nb' | newline_to_br }}", "a<br />\nb"),
        ("{{ \"<a href='x'>Tom & Jerry</a>\" | escape }}", "&lt;a href=&#39;x&#39;&gt;Tom &amp; Jerry&lt;/a&gt;"),
        ("{{ html | escape }}", "&quot;q&quot; &lt;b&gt;"),
        ("{{ '1 < 2 &amp; 3' | escape_once }}", "1 &lt; 2 &amp; 3"),
        ("{{ 'é < ü &#39; &#x1F600; &eacute; &bogus \"q\"' | escape_once }}", "é &lt; ü &#39; &#x1F600; &eacute; &amp;bogus &quot;q&quot;"),
        ("{{ \"Ça & 'x' > 😀\" | escape }}", "Ça &amp; &#39;x&#39; &gt; 😀"),
        ("{{ '<p>Hi <b>there</b><!-- c --><script>x()</script></p>' | strip_html }}", "Hi there"),
        ("{{ 'a b&c/d?é' | url_encode }}", "a+b%26c%2Fd%3F%C3%A9"),
        ("{{ 'a+b%26c%2Fd%3F%C3%A9' | url_decode }}", "a b&c/d?é"),
        ("{{ 'Hello' | base64_encode }}", "SGVsbG8="),
        ("{{ 'SGVsbG8=' | base64_decode }}", "Hello"),
        ("{{ 'a-b-a' | remove: 'a' }}", "-b-"),
        ("{{ 'a-b-a' | remove_first: 'a' }}", "-b-a"),
        ("{{ 'a-b-a' | remove_last: 'a' }}", "a-b-"),
        ("{{ 'a-b-a' | replace: 'a', 'x' }}", "x-b-x"),
        ("{{ 'a-b-a' | replace_first: 'a', 'x' }}", "x-b-a"),
        ("{{ 'a-b-a' | replace_last: 'a', 'x' }}", "a-b-x"),
        ("{{ 'ééé🌍' | replace: 'é', 'e' }}", "eee🌍"),
        ("{{ 'aaa' | replace: 'aa', 'b' }}", "ba"),
        ("{{ 'abc' | replace: '', 'x' }}", "abc"),
        ("{{ 'a→b→c' | split: '→' | join: ',' }}", "a,b,c"),
        ("{{ 'a,b,,c,,' | split: ',' | join: '|' }}", "a|b||c"),
        ("{{ '  a  b c ' | split: ' ' | join: '|' }}", "a|b|c"),
        ("{{ 'abc' | split: '' | join: '|' }}", "a|b|c"),
        ("{{ 'Ground control to Major Tom.' | truncate: 20 }}", "Ground control to..."),
        ("{{ 'Ground control to Major Tom.' | truncate: 25, ', and so on' }}", "Ground control, and so on"),
        ("{{ 'Ground control to Major Tom.' | truncate: 20, '' }}", "Ground control to Ma"),
        ("{{ 'short' | truncate: 20 }}", "short"),
        ("{{ 'Ground control to Major Tom.' | truncatewords: 3 }}", "Ground control to..."),
        ("{{ 'Ground control to Major Tom.' | truncatewords: 3, '--' }}", "Ground control to--"),
        ("{{ 'one two' | truncatewords: 5 }}", "one two"),
        ("{{ nothing | default: 'fallback' }}", "fallback"),
        ("{{ empty_string | default: 'fallback' }}", "fallback"),
        ("{{ empty_list | default: 'fallback' }}", "fallback"),
        ("{{ no | default: 'fallback' }}", "fallback"),
        ("{{ no | default: 'fallback', allow_false: true }}", "false"),
        ("{{ zero | default: 'fallback' }}", "0"),
        ("{{ name | default: 'fallback' }}", "Ada"),
    ])
    func stringFilters(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test(arguments: [
        ("{{ -17 | abs }}", "17"),
        ("{{ '-1.5' | abs }}", "1.5"),
        ("{{ 4 | plus: 2 }}", "6"),
        ("{{ 4 | plus: 2.5 }}", "6.5"),
        ("{{ '4' | plus: '2' }}", "6"),
        ("{{ 'abc' | plus: 1 }}", "1"),
        ("{{ 4 | minus: 6 }}", "-2"),
        ("{{ 3 | times: 2 }}", "6"),
        ("{{ 3 | times: 0.5 }}", "1.5"),
        ("{{ 7 | divided_by: 2 }}", "3"),
        ("{{ -7 | divided_by: 2 }}", "-4"),
        ("{{ 7 | divided_by: 2.0 }}", "3.5"),
        ("{{ 7 | modulo: 3 }}", "1"),
        ("{{ -7 | modulo: 3 }}", "2"),
        ("{{ 7.5 | modulo: 2 }}", "1.5"),
        ("{{ 1.2 | ceil }}", "2"),
        ("{{ 1.8 | floor }}", "1"),
        ("{{ -1.2 | floor }}", "-2"),
        ("{{ 2.5 | round }}", "3"),
        ("{{ 3.14159 | round: 2 }}", "3.14"),
        ("{{ 5 | round }}", "5"),
        ("{{ 1 | at_least: 5 }}", "5"),
        ("{{ 7 | at_least: 5 }}", "7"),
        ("{{ 7 | at_most: 5 }}", "5"),
        ("{{ 3 | at_most: 5 }}", "3"),
        ("{{ data.items | sum: 'price' }}", "6"),
        ("{{ numbers | sum }}", "6"),
    ])
    func mathFilters(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test(arguments: [
        ("{{ tags | first }}", "b"),
        ("{{ tags | last }}", "c"),
        ("{{ 'hello' | first }}", "h"),
        ("{{ empty_list | first }}", ""),
        ("{{ tags | size }}", "3"),
        ("{{ 'héllo' | size }}", "5"),
        ("{{ data | size }}", "4"),
        ("{{ count | size }}", "0"),
        ("{{ tags | join }}", "b a c"),
        ("{{ tags | join: ', ' }}", "b, a, c"),
        ("{{ tags | reverse | join: '' }}", "cab"),
        ("{{ tags | sort | join: '' }}", "abc"),
        ("{{ numbers | sort | join: '' }}", "123"),
        ("{{ 'B,a,C' | split: ',' | sort | join: '' }}", "BCa"),
        ("{{ 'B,a,C' | split: ',' | sort_natural | join: '' }}", "aBC"),
        ("{{ data.items | sort: 'price' | map: 'name' | join: ',' }}", "carrot,banana,apple"),
        ("{{ data.items | map: 'name' | join: ',' }}", "apple,carrot,banana"),
        ("{{ data.items | where: 'kind', 'fruit' | map: 'name' | join: ',' }}", "apple,banana"),
        ("{{ data.items | where: 'price' | size }}", "3"),
        ("{{ data.items | reject: 'kind', 'fruit' | map: 'name' | join: ',' }}", "carrot"),
        ("{{ data.items | find: 'price', 2 | map: 'name' }}", "banana"),
        ("{{ 'a,b,a,c,b' | split: ',' | uniq | join: '' }}", "abc"),
        ("{{ data.items | uniq: 'kind' | size }}", "2"),
        ("{{ tags | concat: numbers | join: '' }}", "bac312"),
        ("{% assign x = 'a,,b' | split: ',' %}{{ x | compact | size }}", "3"),
        ("{{ data.items | map: 'missing' | compact | size }}", "0"),
        ("{{ 'Liquid' | slice: 0 }}", "L"),
        ("{{ 'Liquid' | slice: 2, 5 }}", "quid"),
        ("{{ 'Liquid' | slice: -3, 2 }}", "ui"),
        ("{{ tags | slice: 1, 2 | join: '' }}", "ac"),
        ("{{ tags | slice: -1 | join: '' }}", "c"),
    ])
    func arrayFilters(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test(arguments: [
        ("{{ 0 | date: '%Y-%m-%d %H:%M:%S' }}", "1970-01-01 00:00:00"),
        ("{{ '2024-03-05T14:07:09Z' | date: '%a %A %b %B %d %e %j' }}", "Tue Tuesday Mar March 05  5 065"),
        ("{{ '2024-03-05T14:07:09Z' | date: '%I %l %p %P %-I:%M %y %C' }}", "02  2 PM pm 2:07 24 20"),
        ("{{ '2024-03-05T04:07:09.250Z' | date: '%-d/%-m %k %L %s' }}", "5/3  4 250 1709611629"),
        ("{{ '2024-03-05' | date: '%F %T %D %R' }}", "2024-03-05 00:00:00 03/05/24 00:00"),
        ("{{ '2024-03-05 10:30' | date: '%H:%M %Z %z' }}", "10:30 UTC +0000"),
        ("{{ '2024-03-05T10:30:00+01:00' | date: '%H:%M %z %:z' }}", "10:30 +0100 +01:00"),
        ("{{ '2024-03-05T10:30:00Z' | date: '%u %w %^a %10A|%-10A' }}", "2 2 TUE    Tuesday|Tuesday"),
        ("{{ 'now' | date: '%Y-%m-%d' }}", "2024-03-05"),
        ("{{ 'today' | date: '%H' }}", "14"),
        ("{{ 'not a date' | date: '%Y' }}", "not a date"),
        ("{{ nothing | date: '%Y' }}", ""),
        ("{{ '2024-03-05T10:30:00Z' | date: '100%% %Q' }}", "100% %Q"),
    ])
    func dateFilter(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }
}
