import { Button, Card, Heading, Link, List, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { type Me, mayAdministerPeople, useMe } from '../api/me.ts';
import { usePageTitle } from '../components/usePageTitle.ts';

export default function FrontPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  usePageTitle(t('front.title'));

  if (me) return <Welcome me={me} />;

  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('front.heading')}
      </Heading>
      <Paragraph data-size="lg">{t('front.intro')}</Paragraph>
      {me === null ? (
        <div className="actions">
          <Button asChild>
            <RouterLink to="/logg-inn">{t('front.login')}</RouterLink>
          </Button>
        </div>
      ) : null}
      <Heading level={2} data-size="sm">
        {t('front.whatHeading')}
      </Heading>
      <List.Unordered>
        <List.Item>{t('front.whatPlan')}</List.Item>
        <List.Item>{t('front.whatMessages')}</List.Item>
        <List.Item>{t('front.whatMeetings')}</List.Item>
        <List.Item>{t('front.whatAccess')}</List.Item>
      </List.Unordered>
      <Paragraph>{t('front.simple')}</Paragraph>
      <Paragraph>{t('front.account')}</Paragraph>
      <Paragraph>{t('front.staff')}</Paragraph>
    </div>
  );
}

/** The front page of a logged-in person: what they can do now. */
function Welcome({ me }: { me: Me }) {
  const { t } = useTranslation();
  const links = [
    { to: '/min-profil', title: t('front.linkProfile'), text: t('front.linkProfileText') },
    ...(mayAdministerPeople(me)
      ? [
          { to: '/personer/ny', title: t('front.linkRegister'), text: t('front.linkRegisterText') },
          { to: '/personer', title: t('front.linkSearch'), text: t('front.linkSearchText') },
        ]
      : []),
  ];

  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('front.hello', { name: me.name })}
      </Heading>
      <Paragraph data-size="lg">{t('front.helloIntro')}</Paragraph>
      <ul className="card-list">
        {links.map((link) => (
          <li key={link.to}>
            <Card data-color="neutral">
              <Heading level={2} data-size="xs">
                <Link asChild>
                  <RouterLink to={link.to}>{link.title}</RouterLink>
                </Link>
              </Heading>
              <Paragraph>{link.text}</Paragraph>
            </Card>
          </li>
        ))}
      </ul>
      <Paragraph>{t('front.plansLater')}</Paragraph>
    </div>
  );
}
